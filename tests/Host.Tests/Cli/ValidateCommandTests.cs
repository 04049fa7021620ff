using Middleware.TestSupport;

namespace Middleware.Host.Tests.Cli;

public sealed class ValidateCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private async Task<(int ExitCode, string Stdout, string Stderr)> ValidateAsync(string yaml, Dictionary<string, string>? env = null)
    {
        var file = _dir.File("mw.yaml");
        await File.WriteAllTextAsync(file, yaml);
        return await MiddlewareProcess.RunAsync(["validate", "--config", file], env);
    }

    [Fact]
    public async Task The_shipped_sample_config_is_valid_and_its_secret_is_not_printed()
    {
        var sample = Path.Combine(AppContext.BaseDirectory, "config", "middleware.sample.yaml");
        var (code, stdout, stderr) = await MiddlewareProcess.RunAsync(["validate", "--config", sample], new() { ["AMI_SECRET"] = "sample-secret-value", ["MW_API_KEY"] = "sample-api-key-0123456789" });

        Assert.True(code == 0, stderr);
        Assert.Contains("OK", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("sample-secret-value", stdout + stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("sample-api-key", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_key_exits_2_naming_file_line_and_key()
    {
        var (code, _, stderr) = await ValidateAsync("journal:\n  path: x.db\nwrite_back:\n  mod: act\n");

        Assert.Equal(2, code);
        Assert.Contains($"{_dir.File("mw.yaml")}:4:3: write_back.mod: unknown key 'mod'; did you mean 'mode'?", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_type_and_a_missing_required_value_exit_2()
    {
        var (code, _, stderr) = await ValidateAsync("""
            sources:
              ami:
                - name: pbx-main
                  host: 10.0.0.5
                  port: fivethousand
                  username: mw
                  secret: x
                - host: 10.0.0.6
                  username: mw
                  secret: y
            """);

        Assert.Equal(2, code);
        Assert.Contains(":5:", stderr, StringComparison.Ordinal);
        Assert.Contains("sources.ami[0].port: expected a whole number", stderr, StringComparison.Ordinal);
        Assert.Contains("sources.ami[1].name", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unset_secret_variable_exits_2_and_a_set_one_is_never_echoed()
    {
        const string yaml = """
            sources:
              ami:
                - name: pbx-main
                  username: mw
                  secret: ${ENV:MW_TEST_UNSET_SECRET}
            """;
        var (code, _, stderr) = await ValidateAsync(yaml);
        Assert.Equal(2, code);
        Assert.Contains("sources.ami[0].secret: environment variable MW_TEST_UNSET_SECRET is not set", stderr, StringComparison.Ordinal);

        var ok = await ValidateAsync(yaml, new() { ["MW_TEST_UNSET_SECRET"] = "hunter2-very-secret" });
        Assert.Equal(0, ok.ExitCode);
        Assert.DoesNotContain("hunter2", ok.Stdout + ok.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writing_back_to_a_source_that_does_not_exist_is_caught_at_its_line()
    {
        var (code, _, stderr) = await ValidateAsync("""
            sources:
              ami:
                - name: pbx-main
                  username: mw
                  secret: s
            write_back:
              mode: assist
              allow:
                pbx-mian: [Setvar]
            """);

        Assert.Equal(2, code);
        Assert.Contains(":9:5: write_back.allow.pbx-mian: no source named 'pbx-mian'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ticket_status_webhook_without_the_ticket_fields_or_with_a_short_secret_names_its_line()
    {
        var (code, _, stderr) = await ValidateAsync("""
            crm:
              - name: my-crm
                base_url: http://crm.internal/
                ticket_status:
                  webhook:
                    secret: short
            """);

        Assert.True(code == 2, stderr);
        Assert.Contains(":6:9: crm[0].ticket_status.webhook.secret: a ticket status webhook reads the posted tickets with operations.list_changed_tickets' fields", stderr, StringComparison.Ordinal);
        Assert.Contains(":6:9: crm[0].ticket_status.webhook.secret: shorter than 16 characters", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Crm_field_mapping_errors_name_their_line_and_key()
    {
        var (code, _, stderr) = await ValidateAsync("""
            crm:
              - name: my-crm
                base_url: http://crm.internal/
                auth: { kind: bearer }
                operations:
                  find_customer_by_phone:
                    method: GET
                    path: api/customers
                    query: { phone: "{mobile}" }
                    fields: { name: fullName }
                  create_tiket:
                    method: POST
                    path: api/tickets
            ticketing:
              crm_target: other-crm
            """);

        Assert.Equal(2, code);
        Assert.Contains(":4:5: crm[0].auth.secret: auth kind bearer needs a secret", stderr, StringComparison.Ordinal);
        Assert.Contains(":9:18: crm[0].operations.find_customer_by_phone.query.phone: find_customer_by_phone has no value '{mobile}'", stderr, StringComparison.Ordinal);
        Assert.Contains(":10:9: crm[0].operations.find_customer_by_phone.fields: find_customer_by_phone must map 'id'", stderr, StringComparison.Ordinal);
        Assert.Contains(":11:7: crm[0].operations.create_tiket: unknown operation 'create_tiket'", stderr, StringComparison.Ordinal);
        Assert.Contains(":15:3: ticketing.crm_target: no crm named 'other-crm'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ticket_rule_errors_name_their_line_and_key()
    {
        var (code, _, stderr) = await ValidateAsync("""
            ticketing:
              when:
                abandoned: true
                unresolved_markes: [not resolved]
              categories:
                - name: billing
                  keywords: [refund]
                  departement: finance
              sla:
                - category: billing
                  within: soon
            """);

        Assert.Equal(2, code);
        Assert.Contains(":4:5: ticketing.when.unresolved_markes: unknown key", stderr, StringComparison.Ordinal);
        Assert.Contains(":8:7: ticketing.categories[0].departement: unknown key", stderr, StringComparison.Ordinal);
        Assert.Contains(":11:15: ticketing.sla[0].within:", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("native-api.yaml")]
    [InlineData("contacts-api.yaml")]
    public async Task The_shipped_crm_examples_validate(string file)
    {
        var (code, stdout, stderr) = await MiddlewareProcess.RunAsync(["validate", "--config", Path.Combine(AppContext.BaseDirectory, "config", "crm-examples", file)]);
        Assert.True(code == 0, stderr);
        // native-api also maps get_customer_balance (IVR self-service), find_open_tickets and get_ticket (tickets);
        // both map list_changed_tickets (the status poller).
        var expected = file == "native-api.yaml" ? "11 operation(s) mapped" : "7 operation(s) mapped";
        Assert.Contains(expected, stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_exits_2()
    {
        var (code, _, stderr) = await MiddlewareProcess.RunAsync(["validate", "--config", _dir.File("nope.yaml")]);
        Assert.Equal(2, code);
        Assert.Contains("config file not found", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Problems_with_the_file_itself_have_no_line_and_say_what_is_wrong()
    {
        // Before: "/nonexistent.yaml:0:0: config file not found", a directory "not found", an empty config OK (issue 16, item 15).
        var missing = _dir.File("nope.yaml");
        Assert.Contains($"  {missing}: config file not found", (await MiddlewareProcess.RunAsync(["validate", "--config", missing])).Stderr, StringComparison.Ordinal);
        Assert.Contains($"  {_dir.Path}: is a directory, not a config file", (await MiddlewareProcess.RunAsync(["validate", "--config", _dir.Path])).Stderr, StringComparison.Ordinal);

        var (code, _, stderr) = await ValidateAsync("# only a comment\n\n");
        Assert.Equal(2, code);
        Assert.Contains($"  {_dir.File("mw.yaml")}: the config file is empty", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unset_variable_is_one_error_not_two()
    {
        var (code, _, stderr) = await ValidateAsync("http:\n  api_keys:\n    - name: ops\n      secret: ${ENV:MW_TEST_NEVER_SET}\n");

        Assert.Equal(2, code);
        Assert.Contains("config error:\n", stderr.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("http.api_keys[0].secret", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://0.0.0.0:8080")]
    [InlineData("http://[::]:8080")]
    [InlineData("http://*:8080")]
    [InlineData("http://10.0.0.7:8080")]
    public async Task Listening_beyond_loopback_needs_credentials(string address)
    {
        var (code, _, stderr) = await ValidateAsync($"http:\n  address: \"{address}\"\n");
        Assert.Equal(2, code);
        Assert.Contains($"http.address: '{address}' listens beyond this machine; set http.api_keys or http.bearer_tokens", stderr, StringComparison.Ordinal);

        var (withKey, _, keyErrors) = await ValidateAsync($"http:\n  address: \"{address}\"\n  api_keys:\n    - name: ops\n      secret: key-0123456789abcdef\n");
        Assert.True(withKey == 0, keyErrors);
    }

    public void Dispose() => _dir.Dispose();
}
