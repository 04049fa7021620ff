using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Middleware.SampleCrm.Data;

/// <summary>A plausible customer base: Chinese and English names, mobile numbers, tiers, orders, open tickets.</summary>
internal static class CrmSeed
{
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭"];
    private static readonly string[] Given = ["芳", "伟", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "秀英"];
    private static readonly string[] EnglishFirst = ["John", "Sarah", "Oliver", "Emma", "James", "Olivia", "William", "Sophia", "Lucas", "Mia"];
    private static readonly string[] EnglishLast = ["Smith", "Wilson", "Brown", "Taylor", "Johnson", "Lee", "Martin", "Clark", "Walker", "Hall"];

    /// <summary>The sample call center's callers, so the demo's calls find their customers.</summary>
    private static readonly (string Name, string Phone, string Tier)[] Known =
    [
        ("王芳", "13800138000", "vip"), ("张伟 Zhang Wei", "13900139001", "gold"), ("John Smith", "+14155550123", "standard"),
        ("李娜", "13700137002", "vip"), ("刘洋", "13600136003", "standard"), ("陈晨", "18600186004", "gold"),
        ("Oliver Brown", "+442071234567", "standard"), ("黄磊", "15900159005", "standard"), ("周杰", "13500135006", "gold"),
        ("吴敏", "17700177007", "standard"), ("Sarah Wilson", "+61298765432", "vip"), ("郑爽", "13300133008", "standard"),
    ];

    public static void Run(SqliteConnection db, int customers = 200, int seed = 7)
    {
        if (db.ExecuteScalar<long>("SELECT COUNT(*) FROM customers") > 0)
        {
            return;
        }

        var random = new Random(seed);
        var now = DateTimeOffset.UtcNow;
        using var tx = db.BeginTransaction();
        var all = Known.ToList();
        while (all.Count < customers)
        {
            var chinese = random.NextDouble() < 0.8;
            var name = chinese
                ? Surnames[random.Next(Surnames.Length)] + Given[random.Next(Given.Length)]
                : $"{EnglishFirst[random.Next(EnglishFirst.Length)]} {EnglishLast[random.Next(EnglishLast.Length)]}";
            var phone = chinese ? $"1{random.Next(3, 10)}{random.Next(100_000_000, 999_999_999)}" : $"+1415{random.Next(1_000_000, 9_999_999)}";
            var tier = random.NextDouble() switch { < 0.08 => "vip", < 0.3 => "gold", _ => "standard" };
            all.Add((name, phone, tier));
        }

        var balances = new List<(long Id, double Balance)>();
        foreach (var (name, phone, tier) in all)
        {
            var id = db.ExecuteScalar<long>(
                "INSERT INTO customers (name, phone, tier, email, created_at) VALUES (@name, @phone, @tier, @email, @at) RETURNING id",
                new { name, phone, tier, email = $"c{random.Next(100000)}@example.com", at = now.AddDays(-random.Next(30, 900)).ToString("O") }, tx);
            balances.Add((id, 0));
            for (var o = random.Next(0, 4); o > 0; o--)
            {
                db.Execute("INSERT INTO orders (customer_id, number, status, total, created_at) VALUES (@id, @number, @status, @total, @at)",
                    new
                    {
                        id,
                        number = $"SO{random.Next(10_000_000, 99_999_999)}",
                        status = new[] { "paid", "shipped", "delivered", "refunded", "processing" }[random.Next(5)],
                        total = Math.Round(random.NextDouble() * 2000, 2),
                        at = now.AddDays(-random.Next(1, 120)).ToString("O"),
                    }, tx);
            }

            if (random.NextDouble() < 0.15)
            {
                db.Execute("INSERT INTO tickets (customer_id, phone, title, category, priority, status, created_at, updated_at, sla_due_at) VALUES (@id, @phone, @title, 'billing', 'normal', 'open', @at, @at, @due)",
                    new { id, phone, title = "Invoice question", at = now.AddDays(-2).ToString("O"), due = now.AddDays(1).ToString("O") }, tx);
            }
        }

        // Balances are drawn after the rest, so adding them left every other seeded value as it was.
        foreach (var (id, _) in balances)
        {
            db.Execute("UPDATE customers SET balance = @balance WHERE id = @id", new { id, balance = Math.Round(random.NextDouble() * 5000, 2) }, tx);
        }

        tx.Commit();
        _ = CultureInfo.InvariantCulture;
    }
}
