namespace NeuroActors.Domain.Kie;

/// <summary>Which KIE call an answer belongs to; some codes mean different things per call (404 on a status query is "not visible yet").</summary>
public enum KieOperation
{
    CreateTask,
    QueryTask,
    Callback,
    Credit,
    DownloadUrl,
    Upload,
}

/// <summary>How the answer came (or did not come).</summary>
public enum KieAnswerKind
{
    /// <summary>KIE answered, and the HTTP status or the envelope code says the call failed.</summary>
    ErrorResponse,

    /// <summary>KIE accepted the call, but the task itself ended in failure (state fail, successFlag 2/3, a failure callback).</summary>
    TaskFailed,

    /// <summary>No HTTP answer: connection refused, reset, DNS, TLS.</summary>
    TransportError,

    /// <summary>No answer within the call's timeout.</summary>
    Timeout,
}

/// <summary>
/// Everything KIE told us about one failure, as read off the wire; the input of <see cref="KieFailureClassifier"/>.
/// </summary>
/// <param name="Operation">The call that failed.</param>
/// <param name="Kind">How it failed.</param>
/// <param name="HttpStatus">The HTTP status, when there was an answer.</param>
/// <param name="BodyCode">The envelope's <c>code</c>, when the body had one.</param>
/// <param name="Message">The envelope's <c>msg</c> (or <c>message</c>).</param>
/// <param name="FailCode">A failed task's <c>failCode</c> / <c>errorCode</c>: a numeric string, a text code, or null.</param>
/// <param name="FailMessage">A failed task's <c>failMsg</c> / <c>errorMessage</c>.</param>
/// <param name="RequestSent">False when the request surely never reached KIE (connection refused, DNS): then nothing can have been created.</param>
public sealed record KieFailureEvidence(
    KieOperation Operation,
    KieAnswerKind Kind,
    int? HttpStatus = null,
    int? BodyCode = null,
    string? Message = null,
    string? FailCode = null,
    string? FailMessage = null,
    bool RequestSent = true)
{
    public static KieFailureEvidence Timeout(KieOperation operation) => new(operation, KieAnswerKind.Timeout);

    public static KieFailureEvidence Transport(KieOperation operation, bool requestSent, string? message = null) =>
        new(operation, KieAnswerKind.TransportError, Message: message, RequestSent: requestSent);

    public static KieFailureEvidence Response(KieOperation operation, int httpStatus, int? bodyCode, string? message) =>
        new(operation, KieAnswerKind.ErrorResponse, httpStatus, bodyCode, message);

    public static KieFailureEvidence Task(KieOperation operation, string? failCode, string? failMessage) =>
        new(operation, KieAnswerKind.TaskFailed, FailCode: failCode, FailMessage: failMessage);

    /// <summary>
    /// The code that decides: a failed task's own failCode; else a non-200 envelope code; else a non-2xx HTTP status.
    /// KIE mostly answers HTTP 200 with the real status in the body, but sometimes the HTTP status itself (429).
    /// </summary>
    public int? EffectiveCode
    {
        get
        {
            if (Kind == KieAnswerKind.TaskFailed && int.TryParse(FailCode?.Trim(), out var taskCode))
            {
                return taskCode;
            }

            if (BodyCode is { } body && body != 200)
            {
                return body;
            }

            if (HttpStatus is { } http && (http < 200 || http > 299))
            {
                return http;
            }

            return null;
        }
    }

    /// <summary>A non-numeric failCode such as <c>SENSITIVE_WORD_ERROR</c> or <c>GENERATE_AUDIO_FAILED</c>.</summary>
    public string? TextCode =>
        !string.IsNullOrWhiteSpace(FailCode) && !int.TryParse(FailCode.Trim(), out _) ? FailCode.Trim() : null;

    /// <summary>The text that explains the failure: the task's failMsg first, then the envelope's msg.</summary>
    public string? EffectiveMessage =>
        !string.IsNullOrWhiteSpace(FailMessage) ? FailMessage : string.IsNullOrWhiteSpace(Message) ? null : Message;
}
