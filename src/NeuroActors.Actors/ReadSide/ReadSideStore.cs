using System.Data.Common;
using System.Globalization;
using NeuroActors.Actors.Jobs;
using NeuroActors.Actors.Persistence;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Accounts;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Credits;
using NeuroActors.Domain.Orders;
using NeuroActors.Domain.Payments;

namespace NeuroActors.Actors.ReadSide;

/// <summary>One journal event as the projection hands it to the store: where it stands in the journal, and what it is.</summary>
public sealed record ProjectedEvent(long Ordering, string PersistenceId, long SequenceNr, DateTimeOffset WrittenAt, object Event);

/// <summary>Where the projection stands; <see cref="Ordering"/> 0 before its first write.</summary>
public sealed record ProjectionOffset(long Ordering, DateTimeOffset? EventWrittenAt, DateTimeOffset? UpdatedAt);

/// <summary>
/// The read side's tables (<see cref="PersistenceSettings.ReadSideConnectionString"/>: SQLite's own file, or the PostgreSQL database): the projection writes them, the queries read
/// them. Every write is an upsert keyed by the entity (a user, an order, a request id) or by the journal position (a
/// ledger entry), and counters move only past the sequence number they last took in, so a replayed batch changes nothing;
/// the offset is written in the same transaction as the rows.
/// </summary>
public sealed class ReadSideStore
{
    public const string ProjectionName = "readside";
    private const string UserPrefix = "user-";
    private const string JobPrefix = "job-";

    private Lazy<Task> _schema;

    public ReadSideStore(PersistenceSettings settings)
    {
        Settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _schema = new Lazy<Task>(() => CreateSchemaAsync(CancellationToken.None));
    }

    public PersistenceSettings Settings { get; }

    /// <summary>Creates the tables once per process (and again after a failure).</summary>
    public async Task EnsureSchemaAsync()
    {
        var schema = _schema;
        try
        {
            await schema.Value;
        }
        catch
        {
            // A failed creation (the database was not up yet) is tried again by the next caller.
            Interlocked.CompareExchange(ref _schema, new Lazy<Task>(() => CreateSchemaAsync(CancellationToken.None)), schema);
            throw;
        }
    }

    internal async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync();
        return await OpenRawAsync(cancellationToken);
    }

    /// <summary>The journal's own database (for the projection's lag), read only.</summary>
    internal Task<DbConnection> OpenJournalAsync(CancellationToken cancellationToken) => OpenRawAsync(Settings.ConnectionString, cancellationToken);

    private Task<DbConnection> OpenRawAsync(CancellationToken cancellationToken) => OpenRawAsync(Settings.ReadSideConnectionString, cancellationToken);

    private async Task<DbConnection> OpenRawAsync(string connectionString, CancellationToken cancellationToken)
    {
        DbConnection connection = Settings.Provider == PersistenceProvider.Sqlite
            ? new Microsoft.Data.Sqlite.SqliteConnection(connectionString)
            : new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        if (Settings.Provider == PersistenceProvider.Sqlite)
            await Sql.Command(connection, null, PersistenceSettings.SqliteConnectionPragmas).RunAsync(cancellationToken);
        return connection;
    }

    private async Task CreateSchemaAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await OpenRawAsync(cancellationToken);
                if (Settings.Provider == PersistenceProvider.Sqlite)
                    await Sql.Command(connection, null, "PRAGMA journal_mode=WAL;").RunAsync(cancellationToken); // queries never wait for the projection
                foreach (var statement in ReadSideSchema.Statements)
                    await Sql.Command(connection, null, statement).RunAsync(cancellationToken);
                return;
            }
            catch (Npgsql.PostgresException e) when (attempt < 3 && e.SqlState is Npgsql.PostgresErrorCodes.UniqueViolation)
            {
                // Two nodes created the same table at once (PostgreSQL's IF NOT EXISTS is not atomic): the other one won.
            }
        }
    }

    public async Task<ProjectionOffset> ReadOffsetAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await Sql.Command(connection, null, "SELECT ordering, event_written_at, updated_at FROM rs_offsets WHERE name = @name")
            .With("@name", ProjectionName)
            .ListAsync(r => new ProjectionOffset(r.Long(0), Sql.Time(r.Long(1)), Sql.Time(r.Long(2))), cancellationToken);
        return rows.Count == 0 ? new ProjectionOffset(0, null, null) : rows[0];
    }

    /// <summary>Writes a batch's rows and the new offset in one transaction; events at or before the stored offset are skipped.</summary>
    public async Task<long> WriteAsync(IReadOnlyList<ProjectedEvent> batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var stored = await Sql.Command(connection, transaction, "SELECT ordering FROM rs_offsets WHERE name = @name")
            .With("@name", ProjectionName).ScalarLongAsync(cancellationToken) ?? 0;
        var writer = new Writer(connection, transaction, cancellationToken);
        var last = batch.Where(e => e.Ordering > stored).ToList();
        foreach (var projected in last) await writer.ApplyAsync(projected);
        if (last.Count > 0)
        {
            var newest = last[^1];
            await Sql.Command(connection, transaction, """
                    INSERT INTO rs_offsets (name, ordering, event_written_at, updated_at) VALUES (@name, @ordering, @written, @now)
                    ON CONFLICT (name) DO UPDATE SET ordering = excluded.ordering, event_written_at = excluded.event_written_at, updated_at = excluded.updated_at
                    """)
                .With("@name", ProjectionName).With("@ordering", newest.Ordering).With("@written", Sql.Millis(newest.WrittenAt)).With("@now", Sql.Millis(now))
                .RunAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return last.Count == 0 ? stored : last[^1].Ordering;
    }

    /// <summary>Forgets the offset (the rows stay): the next projection start reads the journal from its beginning again.</summary>
    public async Task ResetOffsetAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await Sql.Command(connection, null, "DELETE FROM rs_offsets WHERE name = @name").With("@name", ProjectionName).RunAsync(cancellationToken);
    }

    /// <summary>The SQL of one event. Each method is safe to run twice for the same event.</summary>
    private sealed class Writer(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        private DbCommand Command(string text) => Sql.Command(connection, transaction, text);

        public Task ApplyAsync(ProjectedEvent projected)
        {
            if (projected.PersistenceId.StartsWith(UserPrefix, StringComparison.Ordinal)
                && long.TryParse(projected.PersistenceId.AsSpan(UserPrefix.Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out var userId))
            {
                return ApplyUserAsync(userId, projected.SequenceNr, projected.Event);
            }

            if (projected.PersistenceId.StartsWith(JobPrefix, StringComparison.Ordinal) && projected.Event is IJobEvent job)
            {
                return ApplyJobAsync(projected.PersistenceId[JobPrefix.Length..], job);
            }

            return Task.CompletedTask;
        }

        private async Task ApplyUserAsync(long userId, long sequenceNr, object evt)
        {
            switch (evt)
            {
                case ConversationRecorded { Event: Domain.Conversation.UserRegistered registered }:
                    await RegisteredAsync(userId, null, null, registered.At);
                    break;
                case Users.UserRegistered registered:
                    await RegisteredAsync(userId, registered.FirstName, registered.LanguageCode, registered.At);
                    break;
                case ProfileSeen profile:
                    await EnsureUserAsync(userId);
                    await Command("""
                            UPDATE rs_users SET first_name = COALESCE(@first, first_name), language = COALESCE(@language, language),
                              username = COALESCE(@username, username), username_lower = COALESCE(@lower, username_lower)
                            WHERE user_id = @user
                            """)
                        .With("@first", profile.FirstName).With("@language", profile.LanguageCode).With("@username", profile.Username)
                        .With("@lower", profile.Username?.ToLowerInvariant()).With("@user", userId)
                        .RunAsync(cancellationToken);
                    break;
                case UserSeen seen:
                    await SeenAsync(userId, seen.At);
                    break;
                case UpdateRecorded handled: // tagged by builds before UserSeen; still in their journals
                    await SeenAsync(userId, handled.At);
                    break;
                case BlockedChanged blocked:
                    await EnsureUserAsync(userId);
                    await Command("UPDATE rs_users SET blocked = @blocked WHERE user_id = @user")
                        .With("@blocked", blocked.Blocked).With("@user", userId).RunAsync(cancellationToken);
                    break;
                case AccountActionRecorded { Action: var action }:
                    await AccountActionAsync(userId, action);
                    break;
                case LedgerRecorded { Event: var entry }:
                    await LedgerAsync(userId, sequenceNr, entry);
                    break;
                case Users.CreditsGranted granted:
                    await LedgerAsync(userId, sequenceNr, new Domain.Credits.CreditsGranted(granted.GrantId, granted.Amount, granted.Reason, granted.At));
                    break;
                case OrderRecorded { Event: var order }:
                    await OrderAsync(userId, order);
                    break;
                case PaymentRecorded { Event: TopUpPaid paid }:
                    await PaidAsync(paid.ChargeId, userId, paid.PackCredits, paid.Stars, paid.At);
                    break;
                case PaymentRecorded { Event: PaymentUnmatched { Currency: PreCheckoutVerdict.Stars } unmatched }:
                    await PaidAsync(unmatched.ChargeId, userId, 0, unmatched.TotalAmount, unmatched.At); // no credits, but /refund finds it
                    break;
                case PaymentRecorded { Event: PaymentRefunded refunded }:
                    await RefundedAsync(refunded.ChargeId, refunded.At);
                    break;
                case SubscriptionRecorded { Event: SubscriptionPaid period }:
                    await PaidAsync(period.ChargeId, userId, period.Credits, period.Stars, period.At);
                    break;
                case SubscriptionRecorded { Event: SubscriptionChargeRefunded refundedPeriod }:
                    await RefundedAsync(refundedPeriod.ChargeId, refundedPeriod.At);
                    break;
            }
        }

        private async Task SeenAsync(long userId, DateTimeOffset at)
        {
            await EnsureUserAsync(userId);
            await Command("UPDATE rs_users SET last_seen_at = @at WHERE user_id = @user AND (last_seen_at IS NULL OR last_seen_at < @at)")
                .With("@at", Sql.Millis(at)).With("@user", userId).RunAsync(cancellationToken);
        }

        private Task EnsureUserAsync(long userId) =>
            Command("INSERT INTO rs_users (user_id) VALUES (@user) ON CONFLICT (user_id) DO NOTHING").With("@user", userId).RunAsync(cancellationToken);

        private async Task RegisteredAsync(long userId, string? firstName, string? language, DateTimeOffset at)
        {
            await EnsureUserAsync(userId);
            await Command("""
                    UPDATE rs_users SET registered_at = COALESCE(registered_at, @at), first_name = COALESCE(first_name, @first), language = COALESCE(language, @language)
                    WHERE user_id = @user
                    """)
                .With("@at", Sql.Millis(at)).With("@first", firstName).With("@language", language).With("@user", userId)
                .RunAsync(cancellationToken);
        }

        private async Task AccountActionAsync(long userId, AccountAction action)
        {
            await EnsureUserAsync(userId);
            await Command("""
                    INSERT INTO rs_account_actions (user_id, action_id, kind, amount, by_whom, reason, at) VALUES (@user, @id, @kind, @amount, @by, @reason, @at)
                    ON CONFLICT (user_id, action_id) DO NOTHING
                    """)
                .With("@user", userId).With("@id", action.ActionId).With("@kind", action.Kind.ToString()).With("@amount", action.Amount)
                .With("@by", action.By).With("@reason", Sql.Trim(action.Reason)).With("@at", Sql.Millis(action.At))
                .RunAsync(cancellationToken);
            if (action.Kind is AccountActionKind.Ban or AccountActionKind.Unban)
            {
                await Command("UPDATE rs_users SET banned = @banned WHERE user_id = @user")
                    .With("@banned", action.Kind == AccountActionKind.Ban).With("@user", userId).RunAsync(cancellationToken);
            }
        }

        /// <summary>A paid charge (a pack or a subscription's period), kept for good so /refund finds its payer at any age.</summary>
        private Task PaidAsync(string chargeId, long userId, long credits, long stars, DateTimeOffset at) =>
            Command("""
                    INSERT INTO rs_payments (charge_id, user_id, credits, stars, paid_at) VALUES (@charge, @user, @credits, @stars, @at)
                    ON CONFLICT (charge_id) DO UPDATE SET stars = COALESCE(rs_payments.stars, excluded.stars)
                    """)
                .With("@charge", chargeId).With("@user", userId).With("@credits", credits).With("@stars", stars)
                .With("@at", Sql.Millis(at)).RunAsync(cancellationToken);

        private Task RefundedAsync(string chargeId, DateTimeOffset at) =>
            Command("UPDATE rs_payments SET refunded_at = COALESCE(refunded_at, @at) WHERE charge_id = @charge")
                .With("@at", Sql.Millis(at)).With("@charge", chargeId).RunAsync(cancellationToken);

        private async Task LedgerAsync(long userId, long sequenceNr, LedgerEvent entry)
        {
            var (kind, refId, amount, reason, balance, reserved) = entry switch
            {
                Domain.Credits.CreditsGranted e => ("granted", e.GrantId, e.Amount, e.Reason, e.Amount, 0L),
                CreditsReserved e => ("reserved", e.RequestId, e.Amount, null, 0L, e.Amount),
                CreditsCaptured e => ("captured", e.RequestId, e.Amount, null, -e.Amount, -e.Amount),
                CreditsReleased e => ("released", e.RequestId, e.Amount, e.Reason, 0L, -e.Amount),
                CreditsDebited e => ("debited", e.DebitId, e.Amount, e.Reason, -e.Amount, 0L),
                _ => ("other", string.Empty, 0L, (string?)null, 0L, 0L),
            };
            await EnsureUserAsync(userId);
            await Command("""
                    INSERT INTO rs_ledger (user_id, seq_nr, kind, ref_id, amount, reason, at) VALUES (@user, @seq, @kind, @ref, @amount, @reason, @at)
                    ON CONFLICT (user_id, seq_nr) DO NOTHING
                    """)
                .With("@user", userId).With("@seq", sequenceNr).With("@kind", kind).With("@ref", refId).With("@amount", amount)
                .With("@reason", Sql.Trim(reason)).With("@at", Sql.Millis(entry.At))
                .RunAsync(cancellationToken);
            // Added in once: only past the last ledger event the row took in.
            await Command("UPDATE rs_users SET balance = balance + @balance, reserved = reserved + @reserved, ledger_seq = @seq WHERE user_id = @user AND ledger_seq < @seq")
                .With("@balance", balance).With("@reserved", reserved).With("@seq", sequenceNr).With("@user", userId)
                .RunAsync(cancellationToken);
        }

        private async Task OrderAsync(long userId, OrderEvent order)
        {
            switch (order)
            {
                case OrderOpened opened:
                    await Command("""
                            INSERT INTO rs_orders (order_id, user_id, model_id, model_name, kind, prompt, variants, unit_price, language, opened_at)
                            VALUES (@order, @user, @model, @name, @kind, @prompt, @variants, @price, @language, @at)
                            ON CONFLICT (order_id) DO NOTHING
                            """)
                        .With("@order", opened.OrderId).With("@user", userId).With("@model", opened.ModelId).With("@name", opened.ModelName)
                        .With("@kind", opened.Kind.ToString()).With("@prompt", Sql.Trim(opened.Prompt, 1000)).With("@variants", opened.Variants)
                        .With("@price", opened.UnitPrice).With("@language", opened.Language.ToString()).With("@at", Sql.Millis(opened.At))
                        .RunAsync(cancellationToken);
                    break;
                case VariantSettled settled:
                    var requestId = OrderIds.RequestId(settled.OrderId, settled.Index);
                    await EnsureJobAsync(requestId);
                    await Command("UPDATE rs_jobs SET settled_at = COALESCE(settled_at, @at), order_id = COALESCE(order_id, @order), variant = COALESCE(variant, @index), user_id = COALESCE(user_id, @user) WHERE request_id = @request")
                        .With("@at", Sql.Millis(settled.At)).With("@order", settled.OrderId).With("@index", settled.Index).With("@user", userId)
                        .With("@request", requestId).RunAsync(cancellationToken);
                    break;
                case OrderDelivered delivered:
                    await Command("UPDATE rs_orders SET delivered_at = COALESCE(delivered_at, @at) WHERE order_id = @order")
                        .With("@at", Sql.Millis(delivered.At)).With("@order", delivered.OrderId).RunAsync(cancellationToken);
                    break;
            }
        }

        private Task EnsureJobAsync(string requestId) =>
            Command("INSERT INTO rs_jobs (request_id) VALUES (@request) ON CONFLICT (request_id) DO NOTHING").With("@request", requestId).RunAsync(cancellationToken);

        private Task EnsureAttemptAsync(string requestId, int attempt) =>
            Command("INSERT INTO rs_attempts (request_id, attempt) VALUES (@request, @attempt) ON CONFLICT (request_id, attempt) DO NOTHING")
                .With("@request", requestId).With("@attempt", attempt).RunAsync(cancellationToken);

        private async Task ApplyJobAsync(string requestId, IJobEvent evt)
        {
            await EnsureJobAsync(requestId);
            switch (evt)
            {
                case JobAccepted { Spec: var spec } accepted:
                    await Command("""
                            UPDATE rs_jobs SET order_id = @order, variant = @index, user_id = @user, model_id = @model, kind = @kind, accepted_at = @at
                            WHERE request_id = @request
                            """)
                        .With("@order", spec.OrderId).With("@index", spec.Index).With("@user", spec.UserId).With("@model", spec.ModelId)
                        .With("@kind", spec.Kind.ToString()).With("@at", Sql.Millis(accepted.At)).With("@request", requestId)
                        .RunAsync(cancellationToken);
                    break;
                case JobAttemptStarted started:
                    await EnsureAttemptAsync(requestId, started.Attempt);
                    await Command("UPDATE rs_attempts SET started_at = @at WHERE request_id = @request AND attempt = @attempt")
                        .With("@at", Sql.Millis(started.At)).With("@request", requestId).With("@attempt", started.Attempt).RunAsync(cancellationToken);
                    await Command("UPDATE rs_jobs SET attempts = @attempt WHERE request_id = @request AND attempts < @attempt")
                        .With("@attempt", started.Attempt).With("@request", requestId).RunAsync(cancellationToken);
                    break;
                case JobTaskSubmitted submitted:
                    await EnsureAttemptAsync(requestId, submitted.Attempt);
                    await Command("UPDATE rs_attempts SET task_id = @task, family = @family, key_id = @key, submitted_at = @at WHERE request_id = @request AND attempt = @attempt")
                        .With("@task", submitted.TaskId).With("@family", submitted.Family).With("@key", submitted.KeyId).With("@at", Sql.Millis(submitted.At))
                        .With("@request", requestId).With("@attempt", submitted.Attempt).RunAsync(cancellationToken);
                    await Command("UPDATE rs_jobs SET task_id = @task, key_id = @key WHERE request_id = @request")
                        .With("@task", submitted.TaskId).With("@key", submitted.KeyId).With("@request", requestId).RunAsync(cancellationToken);
                    break;
                case JobAttemptFailed failed:
                    await EnsureAttemptAsync(requestId, failed.Attempt);
                    await Command("""
                            UPDATE rs_attempts SET failure_class = @class, failure_text_key = @text, detail = @detail, retry_at = @retry, failed_at = @at
                            WHERE request_id = @request AND attempt = @attempt
                            """)
                        .With("@class", failed.FailureClass.ToString()).With("@text", failed.TextKey).With("@detail", Sql.Trim(failed.Detail))
                        .WithLong("@retry", Sql.Millis(failed.RetryAt)).With("@at", Sql.Millis(failed.At))
                        .With("@request", requestId).With("@attempt", failed.Attempt).RunAsync(cancellationToken);
                    break;
                case JobFinished finished:
                    await Command("""
                            UPDATE rs_jobs SET outcome = @outcome, failure_class = @class, failure_text_key = @text, detail = @detail, finished_at = @at
                            WHERE request_id = @request
                            """)
                        .With("@outcome", OutcomeName(finished.Outcome.Stage)).With("@class", finished.Outcome.FailureClass?.ToString())
                        .With("@text", finished.Outcome.FailureTextKey).With("@detail", Sql.Trim(finished.Detail)).With("@at", Sql.Millis(finished.At))
                        .With("@request", requestId).RunAsync(cancellationToken);
                    break;
                case JobReported reported:
                    await Command("UPDATE rs_jobs SET reported_at = @at WHERE request_id = @request")
                        .With("@at", Sql.Millis(reported.At)).With("@request", requestId).RunAsync(cancellationToken);
                    break;
            }
        }
    }

    /// <summary>The outcome words stored in rs_jobs.outcome.</summary>
    public static string OutcomeName(VariantStage stage) => stage switch
    {
        VariantStage.Done => "done",
        VariantStage.Cancelled => "cancelled",
        _ => "failed",
    };
}
