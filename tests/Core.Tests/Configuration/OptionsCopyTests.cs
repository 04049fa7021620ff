using Middleware.Core.Configuration;
using Middleware.Core.Pipeline;
using Middleware.Core.WriteBack;

namespace Middleware.Core.Tests.Configuration;

public class OptionsCopyTests
{
    public sealed record Limit(int Max, string Unit);

    public sealed class TlsSample
    {
        public bool Enabled { get; set; }

        public string? ServerName { get; set; }
    }

    public sealed class SourceSample
    {
        public string Name { get; set; } = "";

        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

        public Uri? BaseUrl { get; set; }

        public TlsSample Tls { get; set; } = new();

        public TlsSample? Fallback { get; set; }

        public List<string> Filters { get; set; } = [];

        public List<TlsSample> Peers { get; set; } = [];

        public Dictionary<string, List<string>> Allow { get; set; } = new(StringComparer.OrdinalIgnoreCase);

        public HashSet<string> Queues { get; set; } = new(StringComparer.OrdinalIgnoreCase);

        public Limit Limit { get; set; } = new(3, "calls");

        public string Label { get; init; } = "";

        public int Computed => Filters.Count;
    }

    [Fact]
    public void A_copy_shares_no_mutable_part_with_the_original()
    {
        var original = new SourceSample
        {
            Name = "pbx1",
            Timeout = TimeSpan.FromSeconds(9),
            BaseUrl = new Uri("http://crm.local/"),
            Tls = { Enabled = true, ServerName = "pbx.local" },
            Filters = ["!Event: RTCP*"],
            Peers = [new TlsSample { ServerName = "a" }],
            Allow = { ["crm"] = ["ticket"] },
            Queues = { "support" },
            Label = "first",
        };

        var copy = OptionsCopy.Of(original);
        original.Name = "changed";
        original.Tls.ServerName = "changed";
        original.Filters.Add("more");
        original.Peers[0].ServerName = "changed";
        original.Allow["crm"].Add("note");
        original.Allow["ami"] = ["setvar"];
        original.Queues.Add("sales");

        Assert.Equal("pbx1", copy.Name);
        Assert.Equal(TimeSpan.FromSeconds(9), copy.Timeout);
        Assert.Equal(new Uri("http://crm.local/"), copy.BaseUrl);
        Assert.NotSame(original.Tls, copy.Tls);
        Assert.True(copy.Tls.Enabled);
        Assert.Equal("pbx.local", copy.Tls.ServerName);
        Assert.Null(copy.Fallback);
        Assert.Equal(["!Event: RTCP*"], copy.Filters);
        Assert.Equal("a", Assert.Single(copy.Peers).ServerName);
        Assert.Equal(["ticket"], Assert.Single(copy.Allow).Value);
        Assert.Equal(["support"], copy.Queues);
        Assert.Equal(new Limit(3, "calls"), copy.Limit);
        Assert.Equal("first", copy.Label);
    }

    [Fact]
    public void Collections_keep_their_comparers()
    {
        var copy = OptionsCopy.Of(new SourceSample { Allow = { ["CRM"] = ["ticket"] }, Queues = { "Support" } });

        Assert.True(copy.Allow.ContainsKey("crm"));
        Assert.Contains("support", copy.Queues);
    }

    [Fact]
    public void The_products_options_copy_whole()
    {
        var writeBack = new WriteBackOptions { Mode = WriteBackMode.Act, Retries = 7, Lanes = 2, Allow = { ["ami"] = ["redirect"] } };
        var pipeline = new PipelineOptions { Partitions = 3, Capacity = 12, Kinds = { ["call.started"] = new KindPolicy(OverloadPolicy.Shed, Journal: false) } };

        var writeBackCopy = writeBack.Clone();
        var pipelineCopy = pipeline.Clone();
        writeBack.Allow["ami"].Add("originate");
        pipeline.Kinds.Clear();

        Assert.Equal((WriteBackMode.Act, 7, 2), (writeBackCopy.Mode, writeBackCopy.Retries, writeBackCopy.Lanes));
        Assert.Equal(["redirect"], writeBackCopy.Allow["ami"]);
        Assert.Equal((3, 12), (pipelineCopy.Partitions, pipelineCopy.Capacity));
        Assert.Equal(new KindPolicy(OverloadPolicy.Shed, Journal: false), pipelineCopy.PolicyFor("call.started"));
        Assert.Equal(2, pipelineCopy.Kinds.Count); // the audio default and the added one
    }
}
