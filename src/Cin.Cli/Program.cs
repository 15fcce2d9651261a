using Cin.Cli;

// Wiring only: the real console and the models compiled into cin. Everything else is testable in-process.
return CinCommand.Run(args, new BuiltInModelCatalog(), Console.Out, Console.Error);
