using Cin.Cli;
using Cin.Models;

// Wiring only: the real console (terminal or not, Ctrl-C and SIGTERM) and the models compiled into cin.
// Everything else is testable in-process.
return CinCommand.Run(args, new BuiltInModelCatalog(), Console.Out, CinConsole.StandardError(), CinConsole.System());
