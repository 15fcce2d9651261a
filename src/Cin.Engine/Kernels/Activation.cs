namespace Cin.Engine.Kernels;

/// <summary>The nonlinearity applied after a conditional instance norm.</summary>
public enum Activation
{
    None,
    Relu,
    Sigmoid,
}
