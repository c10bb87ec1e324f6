using System.Data;
using System.Data.Common;

namespace NeuroActors.Actors.ReadSide;

/// <summary>Small helpers for the read side's plain ADO.NET: named parameters (@name works on SQLite and Npgsql) with explicit types, so a null is typed too.</summary>
internal static class Sql
{
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string text)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        return command;
    }

    public static DbCommand With(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        (parameter.DbType, parameter.Value) = value switch
        {
            null => (DbType.String, (object)DBNull.Value),
            string s => (DbType.String, s),
            long l => (DbType.Int64, (object)l),
            int i => (DbType.Int32, (object)i),
            bool b => (DbType.Int32, (object)(b ? 1 : 0)),
            _ => throw new ArgumentException($"unsupported parameter type {value.GetType().Name}", nameof(value)),
        };
        command.Parameters.Add(parameter);
        return command;
    }

    /// <summary>A long parameter that may be null (a time not known yet).</summary>
    public static DbCommand WithLong(this DbCommand command, string name, long? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = DbType.Int64;
        parameter.Value = value is { } v ? v : DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }

    public static async Task<int> RunAsync(this DbCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        {
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public static async Task<long?> ScalarLongAsync(this DbCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        {
            var value = await command.ExecuteScalarAsync(cancellationToken);
            return value is null or DBNull ? null : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    public static async Task<List<T>> ListAsync<T>(this DbCommand command, Func<DbDataReader, T> row, CancellationToken cancellationToken)
    {
        await using (command)
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<T>();
            while (await reader.ReadAsync(cancellationToken)) rows.Add(row(reader));
            return rows;
        }
    }

    public static long Millis(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    public static long? Millis(DateTimeOffset? at) => at?.ToUnixTimeMilliseconds();

    public static DateTimeOffset Time(long millis) => DateTimeOffset.FromUnixTimeMilliseconds(millis);

    public static long? NullableLong(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Convert.ToInt64(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    public static long Long(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? 0 : Convert.ToInt64(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    public static string? NullableString(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>KIE's words and admins' reasons are kept, but not without bound.</summary>
    public static string? Trim(string? text, int max = 500) => text is null || text.Length <= max ? text : text[..max];
}
