namespace Middleware.Enrichment.Privacy;

/// <summary>privacy: in the YAML config (see config/middleware.sample.yaml and docs/privacy.md).</summary>
public sealed class PrivacyOptions
{
    /// <summary>
    /// Replace personal data with typed placeholders before anything is journaled, published or written
    /// to a CRM. On by default: PCI DSS 3.3.1 allows no CVV in storage, so turning it off is for a lab only.
    /// </summary>
    public bool Redact { get; set; } = true;

    /// <summary>The redactor the pipeline and <c>middleware redact</c> share.</summary>
    public ITextRedactor Redactor() => Redact ? PiiRedactor.Instance : NoRedaction.Instance;
}
