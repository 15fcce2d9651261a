using System.Management.Automation;
using Cin.Engine.Batch;
using Cin.Engine.Network;
using Cin.Engine.Styles;

namespace Cin.PowerShell;

/// <summary>A -Style resolved by the engine against its model: the weights, a label for file names, the parameters.</summary>
internal sealed class ResolvedStyle
{
    private StyleParameters? _parameters;

    private ResolvedStyle(StyleChoice choice)
    {
        Model = choice.Model;
        Weights = choice.Weights;
        Text = choice.Text;
        Label = StyleLabel.For(Model, Weights);
    }

    public ModelInfo Model { get; }

    public float[] Weights { get; }

    /// <summary>What the user gave, in the CLI's syntax, for messages.</summary>
    public string Text { get; }

    public string Label { get; }

    /// <summary>The style's gamma and beta, learned styles' rows included (checked against the network as they are used).</summary>
    public StyleParameters Parameters(StyleNetwork network) => _parameters ??= StyleParameters.Blend(network, Model, Weights);

    /// <summary>
    /// Resolves a selection, built-in and learned styles alike, by the engine's rule that cin's --style follows too
    /// (<see cref="StyleLookup"/>): in the model its CinStyle came from, else the one -Model names, else whichever model
    /// has the styles named (the default model's built-in names first). Problems come back as a
    /// <see cref="CmdletErrorException"/> carrying the ErrorRecord to report.
    /// </summary>
    public static ResolvedStyle Resolve(CinStyleSelection selection, string? modelParameter)
    {
        if (selection.Model is not null && modelParameter is not null
            && !string.Equals(selection.Model, modelParameter, StringComparison.OrdinalIgnoreCase))
        {
            throw new CmdletErrorException(new ErrorRecord(
                new ArgumentException($"The style '{selection.Text}' belongs to model '{selection.Model}', but -Model is '{modelParameter}'."),
                "StyleModelMismatch", ErrorCategory.InvalidArgument, selection));
        }
        string? modelName = selection.Model ?? modelParameter;
        try
        {
            return new ResolvedStyle(StyleLookup.Resolve(StyleCatalog.WithLearned, selection.Text, modelName));
        }
        catch (ModelSelectionException e)
        {
            throw new CmdletErrorException(new ErrorRecord(new ItemNotFoundException(e.Message, e), "ModelNotFound", ErrorCategory.ObjectNotFound, modelName));
        }
        catch (StyleSelectionException e)
        {
            throw new CmdletErrorException(new ErrorRecord(
                new ArgumentException(StyleCatalog.Describe(e), e), "InvalidStyle", ErrorCategory.InvalidArgument, selection));
        }
        catch (StyleFileException e)
        {
            // A learned style's file that was left out of the catalog (unreadable, or learned on other weights).
            throw new CmdletErrorException(new ErrorRecord(
                new InvalidDataException(e.Message, e), "StyleFileInvalid", ErrorCategory.InvalidData, e.Path));
        }
    }
}

/// <summary>An error already shaped as an ErrorRecord, thrown to the cmdlet that decides how to report it.</summary>
internal sealed class CmdletErrorException(ErrorRecord record) : Exception(record.Exception.Message)
{
    public ErrorRecord Record { get; } = record;
}
