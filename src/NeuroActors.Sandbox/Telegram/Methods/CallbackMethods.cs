using NeuroActors.Sandbox.Telegram.Wire;

namespace NeuroActors.Sandbox.Telegram.Methods;

/// <summary>answerCallbackQuery: within the answer window, once; never flood-limited ("without any limits").</summary>
internal static class CallbackMethods
{
    private const int MaxAnswerTextLength = 200;

    public static void Register(Dictionary<string, BotApiMethod> methods) => methods["answercallbackquery"] = AnswerCallbackQuery;

    private static Task<BotApiResult> AnswerCallbackQuery(BotApiCall call)
    {
        var parameters = call.Parameters;
        var id = parameters.GetString("callback_query_id")?.Trim();
        var text = parameters.GetString("text");
        if (text is not null && text.Length > MaxAnswerTextLength)
        {
            throw BotApiErrors.BadRequest("MESSAGE_TOO_LONG");
        }

        var state = call.State;
        lock (state.Gate)
        {
            var now = state.Now;
            if (id is null || !state.CallbackQueries.TryGetValue(id, out var query) || query.Answered
                || now - query.CreatedAt > call.Options.CallbackAnswerWindow)
            {
                throw BotApiErrors.QueryTooOld();
            }

            query.Answered = true;
            query.AnswerText = text;
            query.ShowAlert = parameters.GetBool("show_alert");
            query.Url = parameters.GetString("url");
            query.AnsweredAt = now;
            query.AnswerSignal.TrySetResult();
            if (state.Chats.TryGetValue(query.ChatId, out var chat))
            {
                chat.RecordChange(ChatChangeKinds.CallbackAnswer, now, null, callbackAnswer: query.ToInfo());
            }

            return Task.FromResult(BotApiResult.True());
        }
    }
}
