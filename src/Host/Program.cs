using Middleware.Host.Cli;

return await Commands.Build().Parse(args).InvokeAsync();
