using Microsoft.Extensions.Logging;
using Middleware.Core.Ivr;

namespace Middleware.Enrichment.Ivr;

/// <summary>
/// Runs the YAML flows for callers the dialplan hands over with <c>AGI(agi://HOST/ivr?flow=NAME)</c>.
/// Before returning it sets the channel variables the legacy dialplan routes on: IVR_RESULT
/// (balance, order-status, agent, hangup...), IVR_INTENT, IVR_CUSTOMER_TIER, and for transfers
/// IVR_QUEUE and IVR_CONTEXT (what the caller already did, so the agent does not ask again).
/// </summary>
public sealed class IvrFlowRunner : IVoiceApplication
{
    private const int MaxSteps = 64; // a loop in a flow ends the call at an agent, not in a spin

    private readonly IvrOptions _options;
    private readonly IIvrLookups _lookups;
    private readonly ISpokenAnswerRecognizer? _speech;
    private readonly ILogger _logger;

    public IvrFlowRunner(IvrOptions options, IIvrLookups lookups, ILogger logger, ISpokenAnswerRecognizer? speech = null)
    {
        var errors = IvrFlowValidator.Validate(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException("IVR flows are not valid:\n  " + string.Join("\n  ", errors), nameof(options));
        }

        _options = options;
        _lookups = lookups;
        _speech = speech;
        _logger = logger;
    }

    public string Name => "ivr";

    public async Task<VoiceOutcome> RunAsync(IIvrChannel channel, CancellationToken cancellationToken)
    {
        var flowName = channel.Arguments.GetValueOrDefault("flow");
        var flow = _options.Flows.FirstOrDefault(f => f.Name.Equals(flowName, StringComparison.OrdinalIgnoreCase)) ?? _options.Flows[0];
        var call = new IvrCallState(channel, flow);
        try
        {
            await channel.AnswerAsync(cancellationToken).ConfigureAwait(false);
            await IdentifyAsync(call, cancellationToken).ConfigureAwait(false);
            string? node = flow.Start;
            for (var step = 0; node is not null; step++)
            {
                if (step == MaxSteps)
                {
                    _logger.LogWarning("IVR flow {Flow} ran {Steps} steps without ending; transferring", flow.Name, MaxSteps);
                    node = flow.Nodes.FirstOrDefault(n => n.Value.Kind == IvrNodeKinds.Transfer).Key;
                    if (node is null)
                    {
                        break;
                    }
                }

                node = await RunNodeAsync(call, node, flow.Nodes[node], cancellationToken).ConfigureAwait(false);
            }
        }
        catch (CallerHungUpException) when (call.Served.Count > 0 && call.Result != "agent")
        {
            // They heard what they called for and hung up: that is self-service.
            return new VoiceOutcome("self-served", string.Join(",", call.Served));
        }

        var transferred = call.Result == "agent";
        await ReturnVariablesAsync(call, cancellationToken).ConfigureAwait(false);
        return transferred
            ? new VoiceOutcome("transferred", "agent")
            : new VoiceOutcome(call.Served.Count > 0 ? "self-served" : "completed", call.Result ?? "hangup");
    }

    private async Task IdentifyAsync(IvrCallState call, CancellationToken cancellationToken)
    {
        if (call.Channel.CallerNumber.Length == 0)
        {
            return;
        }

        try
        {
            call.Customer = await _lookups.FindCustomerAsync(call.Channel.CallerNumber, cancellationToken).ConfigureAwait(false);
            await call.StepAsync("start", "lookup", call.Customer is { } c ? $"customer {c.Id} tier {c.Tier}" : "caller not in CRM", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not CallerHungUpException)
        {
            await call.StepAsync("start", "lookup", $"customer lookup failed: {ex.Message}", cancellationToken).ConfigureAwait(false);
        }

        if (call.Customer?.Tier is { } tier)
        {
            // Early, so the dialplan has it even if the caller hangs up mid-menu.
            await call.Channel.SetVariableAsync("IVR_CUSTOMER_TIER", tier, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task<string?> RunNodeAsync(IvrCallState call, string name, IvrNodeOptions node, CancellationToken cancellationToken) => node.Kind switch
    {
        IvrNodeKinds.Menu => MenuAsync(call, name, node, cancellationToken),
        IvrNodeKinds.Balance => BalanceAsync(call, name, node, cancellationToken),
        IvrNodeKinds.OrderStatus => OrderStatusAsync(call, name, node, cancellationToken),
        IvrNodeKinds.Say => SayAsync(call, node, cancellationToken),
        IvrNodeKinds.Transfer => TransferAsync(call, name, node, cancellationToken),
        _ => EndAsync(call, node, cancellationToken),
    };

    private async Task<string?> MenuAsync(IvrCallState call, string name, IvrNodeOptions node, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt <= node.Retries; attempt++)
        {
            if (_speech is not null && node.Intents.Count > 0)
            {
                await call.Channel.PlayAsync(node.Prompt!, "", cancellationToken).ConfigureAwait(false);
                if (await _speech.RecognizeAsync(call.Channel, call.Channel.Language, node.Timeout, cancellationToken).ConfigureAwait(false) is { } heard
                    && node.Intents.TryGetValue(heard.Intent, out var spoken))
                {
                    call.Intent = heard.Intent;
                    await call.StepAsync(name, "intent", $"{heard.Intent} ({heard.Confidence:0.00})", cancellationToken).ConfigureAwait(false);
                    return spoken;
                }
            }

            var input = await call.Channel.ReadDigitsAsync(node.Prompt!, node.Timeout, 1, cancellationToken).ConfigureAwait(false);
            if (input.Digits.Length == 1 && node.Choices.TryGetValue(input.Digits, out var next))
            {
                call.Intent = next;
                await call.StepAsync(name, "menu-choice", $"{input.Digits} -> {next}", cancellationToken).ConfigureAwait(false);
                return next;
            }

            await call.StepAsync(name, "invalid-input", input.Digits.Length == 0 ? "nothing pressed" : $"'{input.Digits}' is not a choice", cancellationToken).ConfigureAwait(false);
            if (attempt < node.Retries)
            {
                await call.Channel.PlayAsync(call.Flow.InvalidPrompt, "", cancellationToken).ConfigureAwait(false);
            }
        }

        return node.OnFail;
    }

    private async Task<string?> BalanceAsync(IvrCallState call, string name, IvrNodeOptions node, CancellationToken cancellationToken)
    {
        if (call.Customer is not { } customer)
        {
            await call.StepAsync(name, "lookup", "balance: caller not identified", cancellationToken).ConfigureAwait(false);
            call.Context.Add("balance asked, caller not identified by number");
            return node.NotFound ?? node.OnFail;
        }

        decimal? balance;
        try
        {
            balance = await _lookups.GetBalanceAsync(customer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not CallerHungUpException)
        {
            await call.StepAsync(name, "lookup", $"balance lookup failed: {ex.Message}", cancellationToken).ConfigureAwait(false);
            call.Context.Add("balance asked, CRM did not answer");
            return node.OnFail;
        }

        if (balance is not { } amount)
        {
            await call.StepAsync(name, "lookup", "no balance in CRM", cancellationToken).ConfigureAwait(false);
            return node.NotFound ?? node.OnFail;
        }

        await call.StepAsync(name, "lookup", $"balance {amount.ToString("0.00", CultureInfo.InvariantCulture)}", cancellationToken).ConfigureAwait(false);
        if (node.Prompt is { } prompt)
        {
            await call.Channel.PlayAsync(prompt, "", cancellationToken).ConfigureAwait(false);
        }

        // Spoken as "<units> yuan <cents> fen": SAY NUMBER reads whole numbers only.
        var units = (long)decimal.Truncate(Math.Abs(amount));
        var cents = (long)((Math.Abs(amount) - units) * 100m);
        await call.Channel.SayNumberAsync(amount < 0 ? -units : units, cancellationToken).ConfigureAwait(false);
        await call.Channel.PlayAsync(node.CurrencyPrompt, "", cancellationToken).ConfigureAwait(false);
        if (cents > 0)
        {
            await call.Channel.SayNumberAsync(cents, cancellationToken).ConfigureAwait(false);
            await call.Channel.PlayAsync(node.CentsPrompt, "", cancellationToken).ConfigureAwait(false);
        }

        call.Served.Add("balance");
        call.Result = node.Result ?? "balance";
        call.Context.Add($"told balance {amount.ToString("0.00", CultureInfo.InvariantCulture)}");
        await call.StepAsync(name, "answer", "balance told", cancellationToken).ConfigureAwait(false);
        return node.Next;
    }

    private async Task<string?> OrderStatusAsync(IvrCallState call, string name, IvrNodeOptions node, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt <= node.Retries; attempt++)
        {
            var input = await call.Channel.ReadDigitsAsync(node.Prompt!, node.Timeout, node.MaxDigits, cancellationToken).ConfigureAwait(false);
            var digits = input.Digits.TrimEnd('#');
            if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
            {
                await call.StepAsync(name, "invalid-input", digits.Length == 0 ? "no order number" : $"'{digits}' is not an order number", cancellationToken).ConfigureAwait(false);
                continue;
            }

            var number = node.OrderPrefix + digits;
            IvrOrder? order;
            try
            {
                order = await _lookups.GetOrderAsync(number, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not CallerHungUpException)
            {
                await call.StepAsync(name, "lookup", $"order {number}: lookup failed: {ex.Message}", cancellationToken).ConfigureAwait(false);
                call.Context.Add($"asked about order {number}, CRM did not answer");
                return node.OnFail;
            }

            if (order is null)
            {
                await call.StepAsync(name, "lookup", $"order {number}: not found", cancellationToken).ConfigureAwait(false);
                call.Context.Add($"order {number} not found");
                if (attempt < node.Retries)
                {
                    await call.Channel.PlayAsync(node.StatusPromptPrefix + "not-found", "", cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            await call.StepAsync(name, "lookup", $"order {order.Number}: {order.Status}", cancellationToken).ConfigureAwait(false);
            await call.Channel.SayDigitsAsync(digits, cancellationToken).ConfigureAwait(false);
            await call.Channel.PlayAsync(node.StatusPromptPrefix + order.Status.ToLowerInvariant(), "", cancellationToken).ConfigureAwait(false);
            call.Served.Add("order-status");
            call.Result = node.Result ?? "order-status";
            call.Context.Add($"told order {order.Number} is {order.Status}");
            await call.StepAsync(name, "answer", $"order {order.Number} {order.Status}", cancellationToken).ConfigureAwait(false);
            return node.Next;
        }

        return node.NotFound ?? node.OnFail;
    }

    private static async Task<string?> SayAsync(IvrCallState call, IvrNodeOptions node, CancellationToken cancellationToken)
    {
        await call.Channel.PlayAsync(node.Prompt!, "", cancellationToken).ConfigureAwait(false);
        return node.Next;
    }

    private static async Task<string?> TransferAsync(IvrCallState call, string name, IvrNodeOptions node, CancellationToken cancellationToken)
    {
        if (node.Prompt is { } prompt)
        {
            await call.Channel.PlayAsync(prompt, "", cancellationToken).ConfigureAwait(false);
        }

        call.Result = node.Result ?? "agent";
        if (node.Queue is { } queue)
        {
            await call.Channel.SetVariableAsync("IVR_QUEUE", queue, cancellationToken).ConfigureAwait(false);
        }

        var summary = call.Summary();
        await call.Channel.SetVariableAsync("IVR_CONTEXT", summary, cancellationToken).ConfigureAwait(false);
        await call.StepAsync(name, "transfer", summary, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private static async Task<string?> EndAsync(IvrCallState call, IvrNodeOptions node, CancellationToken cancellationToken)
    {
        if (node.Prompt is { } prompt)
        {
            await call.Channel.PlayAsync(prompt, "", cancellationToken).ConfigureAwait(false);
        }

        call.Result ??= node.Result ?? "hangup";
        return null;
    }

    private static async Task ReturnVariablesAsync(IvrCallState call, CancellationToken cancellationToken)
    {
        await call.Channel.SetVariableAsync("IVR_RESULT", call.Result ?? "hangup", cancellationToken).ConfigureAwait(false);
        if (call.Intent is { } intent)
        {
            await call.Channel.SetVariableAsync("IVR_INTENT", intent, cancellationToken).ConfigureAwait(false);
        }
    }
}
