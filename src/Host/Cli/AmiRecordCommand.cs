namespace Middleware.Host.Cli;

/// <summary>
/// middleware ami record --config F --out FILE [--source NAME]: the raw bytes of a live AMI session
/// after login, for `replay ami` (see <see cref="AmiSessionRecorder"/>). Ctrl+C ends the recording.
/// </summary>
internal static class AmiRecordCommand
{
    public static Command Build()
    {
        var config = Commands.ConfigOption();
        var source = new Option<string?>("--source") { Description = "Which configured AMI source (default: the first)" };
        var output = new Option<FileInfo>("--out", "-o") { Description = "File to write the session's bytes to (replaced if it exists)", Required = true };
        var record = new Command("record", "Write a configured PBX's AMI session, after login, byte for byte to a file that `replay ami` reads") { config, source, output };
        record.SetAction(async (parse, cancellationToken) =>
        {
            if (ConfigLoader.TryLoad(parse.GetValue(config)!, Console.Error, out var exitCode) is not { } options)
            {
                return exitCode;
            }

            var wanted = parse.GetValue(source);
            if (options.Sources.Ami.FirstOrDefault(s => wanted is null || s.Name == wanted) is not { } chosen)
            {
                await Console.Error.WriteLineAsync($"ami record: no AMI source {(wanted is null ? "configured" : $"named '{wanted}'")}");
                return 1;
            }

            var file = parse.GetValue(output)!;
            using var logs = Commands.Logs(options.Logging.Level);
            try
            {
                await using var stream = new FileStream(file.FullName, FileMode.Create, FileAccess.Write, FileShare.Read);
                await Console.Error.WriteLineAsync($"ami record: {chosen.Name} ({chosen.Host}:{chosen.Port}) to {file.FullName}; Ctrl+C to stop");
                var (bytes, ended) = await AmiSessionRecorder.RecordAsync(chosen, stream, TimeProvider.System, logs.CreateLogger($"ami.{chosen.Name}"), cancellationToken);
                await Console.Error.WriteLineAsync($"ami record: {bytes} byte(s) written ({ended})");
                return 0;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or TimeoutException or AmiLoginRefusedException or System.Net.Sockets.SocketException)
            {
                await Console.Error.WriteLineAsync($"ami record: {chosen.Name} ({chosen.Host}:{chosen.Port}): {ex.Message}");
                return 1;
            }
        });
        return record;
    }
}
