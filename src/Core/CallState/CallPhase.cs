namespace Middleware.Core.CallState;

public enum CallPhase { Ringing, Queued, Connected, Held, Ended }
