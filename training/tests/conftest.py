"""Shared helpers: import path, the shared data folder, and the converted loss network when it exists."""
import os
import sys

import pytest

TRAINING = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, TRAINING)
REPO = os.path.dirname(TRAINING)
SHARED = os.path.join(os.path.dirname(REPO), "shared")  # <repo root>/../shared
LOSS_NET = os.path.join(TRAINING, ".cache", "resnet18_l3.pt")


def shared_path(*parts):
    """A path under ../shared, or skip the test with a message when it is absent."""
    p = os.path.join(SHARED, *parts)
    if not os.path.exists(p):
        pytest.skip(f"shared data not found at {p}")
    return p
