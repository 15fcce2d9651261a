using Cin.Import;

// Wiring only: the real console. ImportCommand is what the tests call.
return ImportCommand.Run(args, Console.Out, Console.Error);
