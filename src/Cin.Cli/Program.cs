using Cin.Cli;
using Cin.Features;
using Cin.Models;

// Wiring only: the real console (terminal or not, Ctrl-C and SIGTERM), the models compiled into cin, and the loss
// network `cin learn` trains with.
// Everything else is testable in-process.
return CinCommand.Run(args, new BuiltInModelCatalog(), Console.Out, CinConsole.StandardError(), CinConsole.System(),
    new CompiledLearningBackend());
