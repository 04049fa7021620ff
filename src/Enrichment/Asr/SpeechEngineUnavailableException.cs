namespace Middleware.Enrichment.Asr;

/// <summary>An engine cannot run as configured; the message names what is missing or wrong and how to fix it.</summary>
public sealed class SpeechEngineUnavailableException(string message) : Exception(message);
