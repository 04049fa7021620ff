using Middleware.Adapters.Ami.Protocol;

namespace Middleware.Adapters.Ami.Normalization;

/// <summary>A domain event the normalizer made, with the AMI message it came from (null when synthesized).</summary>
public readonly record struct NormalizedEvent(string? CallId, CallCenterEvent Payload, DateTimeOffset OccurredAt, bool Synthesized, AmiMessage? Source);
