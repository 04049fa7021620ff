using System.Net;
using System.Text;

namespace Middleware.Host.Reports;

/// <summary>Small self-contained SVG charts, so a report opens anywhere, offline, without scripts.</summary>
public static class SvgChart
{
    private const int Width = 760;
    private const int Height = 240;
    private const int Left = 48;
    private const int Bottom = 28;
    private const int Top = 12;

    private static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    public static string Bars(IReadOnlyList<string> labels, IReadOnlyList<double> values, string color = "#3678c8", ISet<int>? highlight = null)
    {
        var max = Math.Max(1, values.DefaultIfEmpty(0).Max());
        var plotW = Width - Left - 10;
        var plotH = Height - Bottom - Top;
        var w = plotW / (double)Math.Max(1, values.Count);
        var svg = Start(max);
        for (var i = 0; i < values.Count; i++)
        {
            var h = plotH * values[i] / max;
            var fill = highlight?.Contains(i) == true ? "#d1495b" : color;
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(Left + (i * w) + (w * 0.1))}\" y=\"{F(Top + plotH - h)}\" width=\"{F(w * 0.8)}\" height=\"{F(h)}\" fill=\"{fill}\"><title>{WebUtility.HtmlEncode(labels[i])}: {F(values[i])}</title></rect>");
            if (values.Count <= 24 || i % 2 == 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Left + (i * w) + (w / 2))}\" y=\"{Height - 10}\" font-size=\"10\" text-anchor=\"middle\">{WebUtility.HtmlEncode(labels[i])}</text>");
            }
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>Lines over shared x labels; each series is (name, color, values, dashed).</summary>
    public static string Lines(IReadOnlyList<string> labels, params (string Name, string Color, IReadOnlyList<double> Values, bool Dashed)[] series)
    {
        var max = Math.Max(1, series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max());
        var plotW = Width - Left - 10;
        var plotH = Height - Bottom - Top;
        var step = plotW / (double)Math.Max(1, labels.Count - 1);
        var svg = Start(max);
        for (var i = 0; i < labels.Count; i += Math.Max(1, labels.Count / 14))
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Left + (i * step))}\" y=\"{Height - 10}\" font-size=\"10\" text-anchor=\"middle\">{WebUtility.HtmlEncode(labels[i])}</text>");
        }

        var legendX = Left + 8;
        foreach (var (name, color, values, dashed) in series)
        {
            var points = string.Join(" ", values.Select((v, i) => $"{F(Left + (i * step))},{F(Top + plotH - (plotH * v / max))}"));
            svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\"{(dashed ? " stroke-dasharray=\"5 4\"" : "")} points=\"{points}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{legendX}\" y=\"{Top + 10}\" font-size=\"11\" fill=\"{color}\">{WebUtility.HtmlEncode(name)}</text>");
            legendX += 14 + (name.Length * 7);
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>A weekday × hour grid shaded by value.</summary>
    public static string Heatmap(string[] rowLabels, double[,] values)
    {
        var rows = values.GetLength(0);
        var cols = values.GetLength(1);
        var max = 0.0;
        foreach (var v in values)
        {
            max = Math.Max(max, v);
        }

        var cw = (Width - Left - 10) / (double)cols;
        var ch = 24;
        var svg = new StringBuilder().Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {(rows * ch) + 30}\" width=\"{Width}\" font-family=\"sans-serif\">");
        for (var r = 0; r < rows; r++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"4\" y=\"{(r * ch) + 16}\" font-size=\"11\">{WebUtility.HtmlEncode(rowLabels[r])}</text>");
            for (var c = 0; c < cols; c++)
            {
                var share = max == 0 ? 0 : values[r, c] / max;
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(Left + (c * cw))}\" y=\"{r * ch}\" width=\"{F(cw - 1)}\" height=\"{ch - 1}\" fill=\"rgba(54,120,200,{F(0.05 + (0.95 * share))})\"><title>{WebUtility.HtmlEncode(rowLabels[r])} {c}:00 — {F(values[r, c])}</title></rect>");
            }
        }

        for (var c = 0; c < cols; c += 2)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Left + (c * cw) + (cw / 2))}\" y=\"{(rows * ch) + 16}\" font-size=\"10\" text-anchor=\"middle\">{c}</text>");
        }

        return svg.Append("</svg>").ToString();
    }

    private static StringBuilder Start(double max)
    {
        var svg = new StringBuilder().Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" font-family=\"sans-serif\">");
        var plotH = Height - Bottom - Top;
        for (var i = 0; i <= 4; i++)
        {
            var y = Top + plotH - (plotH * i / 4.0);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - 10}\" y1=\"{F(y)}\" y2=\"{F(y)}\" stroke=\"#e3e6ea\"/><text x=\"{Left - 6}\" y=\"{F(y + 4)}\" font-size=\"10\" text-anchor=\"end\">{F(max * i / 4)}</text>");
        }

        return svg;
    }
}
