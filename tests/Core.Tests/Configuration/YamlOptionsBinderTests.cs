using System.ComponentModel.DataAnnotations;
using Middleware.Core.Configuration;
using Middleware.Core.Journal;
using Middleware.Core.Pipeline;
using Middleware.Core.WriteBack;

namespace Middleware.Core.Tests.Configuration;

public class YamlOptionsBinderTests
{
    public sealed class SampleConfig
    {
        public JournalOptions Journal { get; set; } = new();

        public PipelineOptions Pipeline { get; set; } = new();

        public WriteBackOptions WriteBack { get; set; } = new();

        public List<SourceSample> Sources { get; set; } = [];
    }

    public sealed class SourceSample
    {
        [Required]
        public string? Name { get; set; }

        [Range(1, 65535)]
        public int Port { get; set; } = 5038;

        [Secret]
        public string? Secret { get; set; }

        public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(10);
    }

    private static readonly Dictionary<string, string> Env = new() { ["AMI_SECRET"] = "s3cr3t-value" };

    private static SampleConfig Parse(string yaml) => YamlOptionsBinder.Parse<SampleConfig>(yaml, "mw.yaml", n => Env.GetValueOrDefault(n));

    private static ConfigError SingleError(string yaml) => Assert.Single(Assert.Throws<ConfigException>(() => Parse(yaml)).Errors);

    [Fact]
    public void A_full_config_binds_every_shape()
    {
        var config = Parse("""
            journal:
              provider: postgres
              connection_string: "Host=db;Password=${ENV:AMI_SECRET}"
              durability: normal
              max_batch: 512
            pipeline:
              partitions: 16
              enricher_timeout: 250ms
              kinds:
                AudioChunk: { overload: shed, journal: false }
                DtmfReceived: { overload: block, journal: true }
            write_back:
              mode: assist
              allow:
                pbx-main: [Setvar, QueuePenalty]
              timeout: 2s
            sources:
              - name: pbx-main
                port: 5038
                secret: ${ENV:AMI_SECRET}
                ping_interval: 00:00:30
            """);

        Assert.Equal(JournalProvider.Postgres, config.Journal.Provider);
        Assert.Equal("Host=db;Password=s3cr3t-value", config.Journal.ConnectionString);
        Assert.Equal(JournalDurability.Normal, config.Journal.Durability);
        Assert.Equal(512, config.Journal.MaxBatch);
        Assert.Equal(TimeSpan.FromMilliseconds(250), config.Pipeline.EnricherTimeout);
        Assert.Equal(new KindPolicy(OverloadPolicy.Shed, false), config.Pipeline.Kinds["AudioChunk"]);
        Assert.Equal(WriteBackMode.Assist, config.WriteBack.Mode);
        Assert.Equal(["Setvar", "QueuePenalty"], config.WriteBack.Allow["pbx-main"]);
        Assert.Equal("s3cr3t-value", config.Sources[0].Secret);
        Assert.Equal(TimeSpan.FromSeconds(30), config.Sources[0].PingInterval);
    }

    [Fact]
    public void An_unknown_key_is_named_with_its_line_and_a_suggestion()
    {
        var error = SingleError("""
            journal:
              path: x.db
              max_bach: 5
            """);

        Assert.Equal("mw.yaml:3:3: journal.max_bach: unknown key 'max_bach'; did you mean 'max_batch'?", error.ToString()[..error.ToString().IndexOf(" (known", StringComparison.Ordinal)]);
    }

    [Fact]
    public void A_wrong_type_is_named_with_what_was_expected()
    {
        var error = SingleError("""
            sources:
              - name: a
                port: fifty
            """);

        Assert.Equal(("sources[0].port", 3), (error.Key, error.Line));
        Assert.Contains("whole number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_enum_lists_the_choices()
    {
        var error = SingleError("write_back: { mode: yolo }");
        Assert.Equal("write_back.mode", error.Key);
        Assert.Contains("observe, assist, act", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_required_value_and_a_range_violation_are_both_reported()
    {
        var errors = Assert.Throws<ConfigException>(() => Parse("""
            sources:
              - port: 70000
            """)).Errors;

        Assert.Contains(errors, e => e.Key == "sources[0].name" && e.Message.Contains("required", StringComparison.OrdinalIgnoreCase) && e.Line == 2);
        Assert.Contains(errors, e => e.Key == "sources[0].port" && e.Line == 2);
    }

    [Fact]
    public void An_unset_environment_variable_is_an_error_that_names_it_and_never_the_value()
    {
        var error = SingleError("""
            sources:
              - name: a
                secret: ${ENV:MISSING_SECRET}
            """);
        Assert.Equal("sources[0].secret", error.Key);
        Assert.Contains("MISSING_SECRET is not set", error.Message, StringComparison.Ordinal);

        var typeError = SingleError("""
            sources:
              - name: a
                port: ${ENV:AMI_SECRET}
            """);
        Assert.DoesNotContain("s3cr3t", typeError.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("secret: ${AMI_SECRET}", "bad substitution")]
    [InlineData("secret: ${ENV:}", "bad substitution")]
    [InlineData("secret: ${ENV:AMI_SECRET", "unterminated")]
    public void Malformed_substitutions_are_errors(string line, string message)
    {
        var error = SingleError($"sources:\n  - name: a\n    {line}\n");
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_default_applies_when_the_variable_is_unset()
    {
        var config = Parse("sources:\n  - name: a\n    secret: ${ENV:NOPE:-fallback}\n");
        Assert.Equal("fallback", config.Sources[0].Secret);
    }

    [Fact]
    public void Yaml_syntax_errors_carry_their_position()
    {
        var error = SingleError("journal:\n  path: [unclosed\n");
        Assert.StartsWith("YAML syntax", error.Message, StringComparison.Ordinal);
        Assert.True(error.Line >= 2);
    }

    [Fact]
    public void An_empty_file_yields_the_defaults()
    {
        var config = Parse("");
        Assert.Equal(WriteBackMode.Observe, config.WriteBack.Mode);
    }
}
