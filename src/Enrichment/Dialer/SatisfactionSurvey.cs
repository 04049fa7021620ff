using Middleware.Core.Ivr;

namespace Middleware.Enrichment.Dialer;

/// <summary>
/// The outbound survey, run when the dialplan hands an answered call to
/// <c>AGI(agi://HOST:4573/survey?campaign=NAME&amp;number=${DIALED_NUMBER})</c>: "how satisfied were
/// you, 1 to 5", asked up to twice. The score is journaled (and written to the CRM by
/// <see cref="SurveyResultWriter"/>) and handed back in SURVEY_SCORE.
/// </summary>
public sealed class SatisfactionSurvey(string questionPrompt = "survey/satisfaction", string thanksPrompt = "survey/thank-you", string invalidPrompt = "survey/invalid") : IVoiceApplication
{
    public string Name => "survey";

    public async Task<VoiceOutcome> RunAsync(IIvrChannel channel, CancellationToken cancellationToken)
    {
        await channel.AnswerAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var input = await channel.ReadDigitsAsync(questionPrompt, TimeSpan.FromSeconds(6), 1, cancellationToken).ConfigureAwait(false);
            if (input.Digits is [>= '1' and <= '5'] score)
            {
                await channel.RecordAsync(new IvrStep(Name, "satisfaction", "survey-score", score), cancellationToken).ConfigureAwait(false);
                await channel.SetVariableAsync("SURVEY_SCORE", score, cancellationToken).ConfigureAwait(false);
                await channel.PlayAsync(thanksPrompt, "", cancellationToken).ConfigureAwait(false);
                return new VoiceOutcome("completed", score);
            }

            await channel.RecordAsync(new IvrStep(Name, "satisfaction", "invalid-input", input.Digits.Length == 0 ? "nothing pressed" : $"'{input.Digits}'"), cancellationToken).ConfigureAwait(false);
            if (attempt == 0)
            {
                await channel.PlayAsync(invalidPrompt, "", cancellationToken).ConfigureAwait(false);
            }
        }

        await channel.SetVariableAsync("SURVEY_SCORE", "none", cancellationToken).ConfigureAwait(false);
        return new VoiceOutcome("completed", "none");
    }
}
