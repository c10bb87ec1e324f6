namespace NeuroActors.Sandbox.Telegram.Wire;

/// <summary>An error answered with the Bot API error envelope; the HTTP status equals <see cref="ErrorCode"/>.</summary>
internal sealed class BotApiException : Exception
{
    public BotApiException()
        : this(500, "Internal Server Error")
    {
    }

    public BotApiException(string message)
        : this(400, message)
    {
    }

    public BotApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorCode = 400;
        Description = message;
    }

    public BotApiException(int errorCode, string description, int? retryAfter = null)
        : base(description)
    {
        ErrorCode = errorCode;
        Description = description;
        RetryAfter = retryAfter;
    }

    public int ErrorCode { get; }

    public string Description { get; }

    /// <summary>Seconds, for 429: sent as parameters.retry_after and as the Retry-After header.</summary>
    public int? RetryAfter { get; }
}

/// <summary>The exact error bodies of the real server (contract section 1.2 and tdlib/telegram-bot-api Client.cpp).</summary>
internal static class BotApiErrors
{
    public static BotApiException BadRequest(string message) => new(400, "Bad Request: " + message);

    public static BotApiException Forbidden(string message) => new(403, "Forbidden: " + message);

    public static BotApiException Conflict(string message) => new(409, "Conflict: " + message);

    public static BotApiException TooManyRequests(int retryAfterSeconds) =>
        new(429, "Too Many Requests: retry after " + retryAfterSeconds, retryAfterSeconds);

    public static BotApiException InvalidToken() => new(401, "Unauthorized: invalid token specified");

    public static BotApiException UnknownToken() => new(401, "Unauthorized");

    public static BotApiException MethodNotFound() => new(404, "Not Found: method not found");

    public static BotApiException RequestEntityTooLarge() => new(413, "Request Entity Too Large");

    public static BotApiException ParameterRequired(string name) => BadRequest($"parameter \"{name}\" is required");

    public static BotApiException ChatIdEmpty() => BadRequest("chat_id is empty");

    public static BotApiException ChatNotFound() => BadRequest("chat not found");

    public static BotApiException BotBlocked() => Forbidden("bot was blocked by the user");

    public static BotApiException CantInitiateConversation() => Forbidden("bot can't initiate conversation with a user");

    public static BotApiException MessageTextEmpty() => BadRequest("message text is empty");

    public static BotApiException MessageTooLong() => BadRequest("message is too long");

    public static BotApiException CaptionTooLong() => BadRequest("message caption is too long");

    public static BotApiException ButtonDataInvalid() => BadRequest("BUTTON_DATA_INVALID");

    public static BotApiException QueryTooOld() =>
        BadRequest("query is too old and response timeout expired or query ID is invalid");

    public static BotApiException MessageNotModified() =>
        BadRequest("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");

    public static BotApiException MessageToEditNotFound() => BadRequest("message to edit not found");

    public static BotApiException MessageCantBeEdited() => BadRequest("message can't be edited");

    public static BotApiException MessageToDeleteNotFound() => BadRequest("message to delete not found");

    public static BotApiException WrongFileIdentifier() => BadRequest("wrong file identifier/HTTP URL specified");

    public static BotApiException FailedToGetUrlContent() => BadRequest("failed to get HTTP URL content");

    public static BotApiException WrongWebPageContent() => BadRequest("wrong type of the web page content");

    public static BotApiException FileTooBig() => BadRequest("file is too big");

    public static BotApiException TooManyAlbumItems() => BadRequest("too much messages to send as an album");

    public static BotApiException ConflictOtherPoller() =>
        Conflict("terminated by other getUpdates request; make sure that only one bot instance is running");

    public static BotApiException ConflictWebhookActive() =>
        Conflict("can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");

    public static BotApiException ConflictTerminatedBySetWebhook() => Conflict("terminated by setWebhook request");
}
