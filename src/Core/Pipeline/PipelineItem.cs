namespace Middleware.Core.Pipeline;

/// <summary>An event on a lane with the moment it was queued (for the latency histogram); a struct, so queuing allocates nothing.</summary>
internal readonly record struct PipelineItem(EventEnvelope Envelope, long QueuedAt);
