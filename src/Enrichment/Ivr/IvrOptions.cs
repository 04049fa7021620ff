namespace Middleware.Enrichment.Ivr;

/// <summary>
/// Self-service flows served over FastAGI (<c>AGI(agi://HOST:4573/ivr?flow=main)</c>): menu trees
/// answered by DTMF (or speech, where a recognizer is configured), CRM lookups, answers spoken with
/// SAY NUMBER/SAY DIGITS and prompt files, and a transfer to an agent with the context handed over.
/// </summary>
public sealed class IvrOptions
{
    public bool Enabled { get; set; }

    /// <summary>The CRM (a name under crm:) that lookups and transfer notes go to.</summary>
    public string? Crm { get; set; }

    /// <summary>Write a CRM note with the IVR context when a caller is transferred (through the write-back gate).</summary>
    public bool TransferNote { get; set; } = true;

    /// <summary>Also serve the outbound satisfaction survey (agi://…/survey?campaign=C&amp;number=N), scores written to the CRM.</summary>
    public bool Survey { get; set; } = true;

    /// <summary>The flows; agi://…/ivr?flow=NAME picks one, the first is the default.</summary>
    public List<IvrFlowOptions> Flows { get; set; } = [];
}

public sealed class IvrFlowOptions
{
    public string Name { get; set; } = "main";

    /// <summary>The node the call starts at.</summary>
    public string Start { get; set; } = "menu";

    /// <summary>Played when a choice is not on the menu, or nothing was pressed.</summary>
    public string InvalidPrompt { get; set; } = "ivr/invalid";

    public Dictionary<string, IvrNodeOptions> Nodes { get; set; } = new(StringComparer.Ordinal);
}

public static class IvrNodeKinds
{
    public const string Menu = "menu";
    public const string Balance = "balance";
    public const string OrderStatus = "order-status";
    public const string Say = "say";
    public const string Transfer = "transfer";
    public const string End = "end";

    public static readonly string[] All = [Menu, Balance, OrderStatus, Say, Transfer, End];
}

/// <summary>One node of a flow; which keys matter depends on <see cref="Kind"/>.</summary>
public sealed class IvrNodeOptions
{
    /// <summary>menu, balance, order-status, say, transfer or end.</summary>
    public string Kind { get; set; } = IvrNodeKinds.Menu;

    /// <summary>The prompt file played (without extension, as STREAM FILE takes it).</summary>
    public string? Prompt { get; set; }

    /// <summary>menu, order-status: how long to wait for digits.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>menu, order-status: how many more tries after a wrong or missing answer.</summary>
    public int Retries { get; set; } = 2;

    /// <summary>menu: digit to next node.</summary>
    public Dictionary<string, string> Choices { get; set; } = new(StringComparer.Ordinal);

    /// <summary>menu: intent (from a spoken answer) to next node; used where speech is configured.</summary>
    public Dictionary<string, string> Intents { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Where to go after this node (balance, order-status, say).</summary>
    public string? Next { get; set; }

    /// <summary>menu: after the last failed try; balance/order-status: when the CRM cannot answer.</summary>
    public string? OnFail { get; set; }

    /// <summary>balance, order-status: when there is nothing to tell (caller unknown, no such order).</summary>
    public string? NotFound { get; set; }

    /// <summary>order-status: digits the caller may key in (the order number without its prefix).</summary>
    public int MaxDigits { get; set; } = 10;

    /// <summary>order-status: the CRM's order numbers carry this before the digits (the sample CRM: "SO").</summary>
    public string OrderPrefix { get; set; } = "";

    /// <summary>order-status: the status is told by playing PREFIX + status ("ivr/order-" + "shipped").</summary>
    public string StatusPromptPrefix { get; set; } = "ivr/order-";

    /// <summary>balance: played after the whole units and after the cents.</summary>
    public string CurrencyPrompt { get; set; } = "ivr/yuan";

    public string CentsPrompt { get; set; } = "ivr/fen";

    /// <summary>transfer: the queue the dialplan sends the caller to (IVR_QUEUE).</summary>
    public string? Queue { get; set; }

    /// <summary>The IVR_RESULT a caller leaving at this node takes back to the dialplan (defaults by kind).</summary>
    public string? Result { get; set; }
}
