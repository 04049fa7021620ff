using Middleware.Core.Ivr;

namespace Middleware.Enrichment.Ivr;

/// <summary>
/// The seam for spoken menu answers: records the caller's answer on the channel and classifies it
/// into an intent (an engine from Enrichment/Intent behind speech recognition). Menus map intents
/// to nodes with <c>intents:</c>; without a recognizer configured, menus take DTMF only.
/// </summary>
public interface ISpokenAnswerRecognizer
{
    /// <summary>The intent heard and its confidence, or null when nothing usable was said.</summary>
    Task<(string Intent, double Confidence)?> RecognizeAsync(IIvrChannel channel, string language, TimeSpan timeout, CancellationToken cancellationToken);
}
