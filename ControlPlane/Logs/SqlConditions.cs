using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace ControlPlane.Logs;

/// <summary>
/// A WHERE clause built from filters, every value a parameter (never spliced into the SQL text).
/// <c>{p}</c> in a condition stands for the value's parameter.
/// </summary>
internal sealed class SqlConditions
{
    private readonly List<string> _conditions = [];
    private readonly List<NpgsqlParameter> _parameters = [];

    public IReadOnlyList<NpgsqlParameter> Parameters => _parameters;

    public SqlConditions Add(string condition, object value, NpgsqlDbType? type = null)
    {
        var name = "p" + _parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _conditions.Add(condition.Replace("{p}", "@" + name, StringComparison.Ordinal));
        _parameters.Add(type is { } t ? new NpgsqlParameter(name, t) { Value = value } : new NpgsqlParameter(name, value));
        return this;
    }

    /// <summary>A condition without a value of its own (its parameters added with <see cref="Parameter"/>).</summary>
    public SqlConditions AddRaw(string condition)
    {
        _conditions.Add(condition);
        return this;
    }

    /// <summary>Adds a parameter and returns its placeholder (<c>@pN</c>), for use outside the WHERE clause.</summary>
    public string Parameter(object value, NpgsqlDbType? type = null)
    {
        var name = "p" + _parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _parameters.Add(type is { } t ? new NpgsqlParameter(name, t) { Value = value } : new NpgsqlParameter(name, value));
        return "@" + name;
    }

    public string ToSql()
    {
        if (_conditions.Count == 0)
        {
            return "TRUE";
        }

        var sql = new StringBuilder();
        foreach (var condition in _conditions)
        {
            if (sql.Length > 0)
            {
                sql.Append(" AND ");
            }

            sql.Append(condition);
        }

        return sql.ToString();
    }

    public void CopyTo(NpgsqlCommand command)
    {
        foreach (var parameter in _parameters)
        {
            command.Parameters.Add(parameter.Clone());
        }
    }
}
