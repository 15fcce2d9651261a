namespace Cin.Import.Model;

/// <summary>The activations a cin model layer may end with (the act= values of model.txt).</summary>
internal enum Activation
{
    None,
    Relu,
    Sigmoid,
}

internal static class ActivationNames
{
    public static string ToModelText(this Activation activation) => activation switch
    {
        Activation.None => "none",
        Activation.Relu => "relu",
        Activation.Sigmoid => "sigmoid",
        _ => throw new ArgumentOutOfRangeException(nameof(activation)),
    };
}
