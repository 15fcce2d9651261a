"""PyTorch trainer for cin's conditional-instance-norm style-transfer networks."""
