namespace Middleware.Host.Reports;

/// <summary>A report as data: sections of text, charts (SVG) and tables, plus the rows of its CSV.</summary>
public sealed class ReportDocument(string title, string subtitle)
{
    public string Title { get; } = title;

    public string Subtitle { get; } = subtitle;

    public List<ReportSection> Sections { get; } = [];

    /// <summary>The CSV: a header row, then data rows.</summary>
    public List<string[]> Csv { get; } = [];
}

public sealed record ReportSection(string Heading, string? Text = null, string? Svg = null, string[]? TableHeader = null, IReadOnlyList<string[]>? TableRows = null);
