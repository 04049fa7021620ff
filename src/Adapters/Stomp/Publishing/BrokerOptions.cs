using Middleware.Adapters.Stomp.Client;

namespace Middleware.Adapters.Stomp.Publishing;

/// <summary>Publishing events and decisions to a message broker, and taking commands from it.</summary>
public sealed class BrokerOptions
{
    public bool Enabled { get; set; }

    public StompOptions Stomp { get; set; } = new();

    /// <summary>Every journaled event, as versioned JSON (middleware.event/v1).</summary>
    [Required]
    public string EventsDestination { get; set; } = "/topic/middleware.events";

    /// <summary>Decisions (routing hints, tickets, QA findings, write-back outcomes) also go here, for workers that act on them.</summary>
    public string? DecisionsDestination { get; set; } = "/queue/middleware.decisions";

    /// <summary>Where operators and other systems send commands (set-write-back-mode, reload-config).</summary>
    public string? CommandsDestination { get; set; } = "/queue/middleware.commands";

    /// <summary>Where a command that cannot be carried out goes, with the reason in mw-dead-letter-reason.</summary>
    [Required]
    public string DeadLetterDestination { get; set; } = "/queue/middleware.commands.dead-letter";

    /// <summary>Attempts at a command that fails for a reason that may pass (not a malformed one) before it is dead-lettered.</summary>
    [Range(1, 100)]
    public int CommandAttempts { get; set; } = 3;

    /// <summary>Messages sent and awaiting their receipt at once.</summary>
    [Range(1, 10_000)]
    public int MaxInFlight { get; set; } = 256;

    /// <summary>The name of this publisher's position in the journal (one per broker target).</summary>
    [Required]
    public string CursorName { get; set; } = "broker";

    /// <summary>A private copy for the component it configures (<see cref="OptionsCopy"/>).</summary>
    public BrokerOptions Clone() => OptionsCopy.Of(this);
}
