using System.Net;
using System.Text;

namespace Middleware.Host.Reports;

/// <summary>Writes a report as one self-contained HTML file (inline SVG, no scripts) and its CSV next to it.</summary>
public static class HtmlReport
{
    public static string Render(ReportDocument report)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(report.Title)).Append("</title><style>")
            .Append("body{font:14px/1.45 system-ui,'Noto Sans CJK SC',sans-serif;margin:24px auto;max-width:820px;color:#1d2430}")
            .Append("h1{font-size:22px;margin-bottom:2px}h2{font-size:16px;margin-top:28px}.sub{color:#6b7380}")
            .Append("table{border-collapse:collapse;width:100%;margin-top:6px}th,td{padding:3px 8px;border-bottom:1px solid #e3e6ea;text-align:left}")
            .Append("th{color:#6b7380;font-weight:500}td.n{text-align:right}</style></head><body>");
        html.Append("<h1>").Append(E(report.Title)).Append("</h1><p class=\"sub\">").Append(E(report.Subtitle)).Append("</p>");
        foreach (var section in report.Sections)
        {
            html.Append("<section><h2>").Append(E(section.Heading)).Append("</h2>");
            if (section.Text is { } text)
            {
                html.Append("<p>").Append(E(text)).Append("</p>");
            }

            if (section.Svg is { } svg)
            {
                html.Append("<figure>").Append(svg).Append("</figure>");
            }

            if (section.TableHeader is { } header)
            {
                html.Append("<table><tr>");
                foreach (var h in header)
                {
                    html.Append("<th>").Append(E(h)).Append("</th>");
                }

                html.Append("</tr>");
                foreach (var row in section.TableRows ?? [])
                {
                    html.Append("<tr>");
                    foreach (var cell in row)
                    {
                        html.Append(double.TryParse(cell, System.Globalization.CultureInfo.InvariantCulture, out _) ? "<td class=\"n\">" : "<td>").Append(E(cell)).Append("</td>");
                    }

                    html.Append("</tr>");
                }

                html.Append("</table>");
            }

            html.Append("</section>");
        }

        return html.Append("</body></html>").ToString();
    }

    public static string RenderCsv(ReportDocument report) =>
        string.Join("\n", report.Csv.Select(row => string.Join(",", row.Select(Quote)))) + "\n";

    /// <summary>Writes FILE.html and FILE.csv; returns the CSV path.</summary>
    public static async Task<string> WriteAsync(ReportDocument report, string htmlPath, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(htmlPath));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        await File.WriteAllTextAsync(htmlPath, Render(report), cancellationToken);
        var csv = Path.ChangeExtension(htmlPath, ".csv");
        await File.WriteAllTextAsync(csv, RenderCsv(report), cancellationToken);
        return csv;
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\n") >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
}
