using System.CommandLine;
using Middleware.Host.Cli;

// Signals are the verbs' own (Hosting/StopSignal): System.CommandLine's handler would end the
// process 2 s after Ctrl+C or SIGTERM, before the pipeline and journal are drained.
return await Commands.Build().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
