using Middleware.Adapters.SipMirror.Dialogs;
using Middleware.Adapters.SipMirror.Sdp;

namespace Middleware.Adapters.SipMirror.Rtp;

/// <summary>
/// Where each call's parties said (in SDP) they receive audio. A packet sent to a party's address
/// is the other party speaking; with symmetric RTP a packet sent from it is that party speaking,
/// which also catches NAT'd peers whose real source port differs from their SDP.
/// </summary>
public sealed class MediaFlowTable
{
    private readonly ConcurrentDictionary<IPEndPoint, MediaEndpoint> _byEndpoint = new();
    private readonly ConcurrentDictionary<string, List<IPEndPoint>> _byCall = new(StringComparer.Ordinal);

    public int Count => _byEndpoint.Count;

    public void Register(string callId, SipParty receiver, IPEndPoint endpoint, SdpMedia media)
    {
        _byEndpoint[endpoint] = new MediaEndpoint(callId, receiver, media);
        var endpoints = _byCall.GetOrAdd(callId, static _ => []);
        lock (endpoints)
        {
            endpoints.Add(endpoint);
        }
    }

    /// <summary>Forgets a call's endpoints (those not taken over by a newer call since); cost is the call's own endpoints, not the table's.</summary>
    public void RemoveCall(string callId)
    {
        if (!_byCall.TryRemove(callId, out var endpoints))
        {
            return;
        }

        lock (endpoints)
        {
            foreach (var endpoint in endpoints)
            {
                if (_byEndpoint.TryGetValue(endpoint, out var flow) && flow.CallId == callId)
                {
                    _byEndpoint.TryRemove(endpoint, out _);
                }
            }
        }
    }

    /// <summary>Which call and speaker a packet belongs to, or null when no SDP announced either end.</summary>
    public MediaLeg? Find(IPEndPoint source, IPEndPoint destination)
    {
        if (_byEndpoint.TryGetValue(destination, out var to))
        {
            return new MediaLeg(to.CallId, Other(to.Receiver), to.Media);
        }

        if (_byEndpoint.TryGetValue(source, out var from))
        {
            return new MediaLeg(from.CallId, from.Receiver, from.Media);
        }

        return null;
    }

    private static SipParty Other(SipParty party) => party == SipParty.Caller ? SipParty.Callee : SipParty.Caller;

    private readonly record struct MediaEndpoint(string CallId, SipParty Receiver, SdpMedia Media);
}

/// <summary>A packet's call and who spoke it, with the SDP media of the receiving side (its payload types).</summary>
public readonly record struct MediaLeg(string CallId, SipParty Speaker, SdpMedia Media);
