using Middleware.Adapters.Crm;
using Middleware.Core.Ivr;
using Middleware.Enrichment.Ivr;

namespace Middleware.Host.Ivr;

/// <summary>Composes the voice applications FastAGI serves from the config, and the enrichers that act on what they journal.</summary>
public static class VoiceApplications
{
    public static IReadOnlyList<IVoiceApplication> Build(MiddlewareConfig config, IReadOnlyList<CrmClient> crms, List<IEnricher> enrichers, ILoggerFactory logs)
    {
        var applications = new List<IVoiceApplication>();
        if (config.Ivr.Enabled)
        {
            var crm = crms.FirstOrDefault(c => c.Name == config.Ivr.Crm)
                ?? throw new InvalidOperationException($"ivr.crm: no CRM named '{config.Ivr.Crm}' under crm: (have: {string.Join(", ", crms.Select(c => c.Name))})");
            applications.Add(new IvrFlowRunner(config.Ivr, new CrmIvrLookups(crm), logs.CreateLogger("ivr")));
            if (config.Ivr.TransferNote)
            {
                enrichers.Add(new IvrTransferNoteWriter(crm.Name));
            }

            if (config.Ivr.Survey)
            {
                applications.Add(new Enrichment.Dialer.SatisfactionSurvey());
                enrichers.Add(new Enrichment.Dialer.SurveyResultWriter(crm.Name));
            }
        }

        return applications;
    }
}
