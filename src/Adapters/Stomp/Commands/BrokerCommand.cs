using System.Text.Json;

namespace Middleware.Adapters.Stomp.Commands;

/// <summary>
/// A command read from the commands queue. JSON: {"command":"set-write-back-mode","mode":"assist","by":"ops"}
/// or {"command":"reload-config","by":"deploy"}. Anything else is rejected with the reason.
/// </summary>
public abstract record BrokerCommand(string By)
{
    public static BrokerCommand Parse(string body)
    {
        JsonElement json;
        try
        {
            json = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException ex)
        {
            throw new InvalidCommandException($"not JSON: {ex.Message}");
        }

        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("command", out var command) || command.ValueKind != JsonValueKind.String)
        {
            throw new InvalidCommandException("expected an object with a string 'command'");
        }

        var by = json.TryGetProperty("by", out var who) && who.ValueKind == JsonValueKind.String ? who.GetString()! : "broker";
        return command.GetString() switch
        {
            "set-write-back-mode" => json.TryGetProperty("mode", out var mode) && mode.ValueKind == JsonValueKind.String
                && Enum.TryParse<WriteBackMode>(mode.GetString(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                    ? new SetWriteBackMode(parsed, by)
                    : throw new InvalidCommandException("set-write-back-mode needs 'mode': observe, assist or act"),
            "reload-config" => new ReloadConfig(by),
            var other => throw new InvalidCommandException($"unknown command '{other}' (known: set-write-back-mode, reload-config)"),
        };
    }
}

public sealed record SetWriteBackMode(WriteBackMode Mode, string By) : BrokerCommand(By);

public sealed record ReloadConfig(string By) : BrokerCommand(By);

/// <summary>The command can never succeed as written: it goes to the dead-letter destination at once.</summary>
public sealed class InvalidCommandException(string reason) : Exception(reason);
