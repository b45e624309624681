using System;

namespace Stackless.Samples.Transfers
{
    /// <summary>
    /// Transfers between accounts, each announced to an auditor tasklet over a channel. <see cref="Buggy"/> reads the
    /// balance, tells the auditor, then writes the balance back: correct under the ordinary scheduler only by luck.
    /// </summary>
    public static partial class Transfers
    {
        /// <summary>
        /// The bug: the balance is read before the audit send, a suspension point, and written back after it. It passes
        /// every ordinary run, because the auditor is always waiting: the send wakes it, it runs at once (a channel's
        /// default preference), logs, waits again, and hands the turn straight back. Any other order (another transfer
        /// runs while the auditor had the turn) writes back a stale balance, and a credit made meanwhile is lost.
        /// </summary>
        [Tasklet]
        public static void Buggy(Bank bank, int from, int to, int amount, Channel<string> audit)
        {
            int balance = bank[from];
            if (balance < amount)
                return;
            audit.Send($"{amount} from {from} to {to}");   // suspends: other tasklets may run here
            bank[from] = balance - amount;                 // a stale balance when someone credited `from` meanwhile
            bank[to] += amount;
        }

        /// <summary>The fix: read, check and write with no suspension point in between; audit afterwards.</summary>
        [Tasklet]
        public static void Fixed(Bank bank, int from, int to, int amount, Channel<string> audit)
        {
            if (bank[from] < amount)
                return;
            bank[from] -= amount;
            bank[to] += amount;
            audit.Send($"{amount} from {from} to {to}");
        }

        /// <summary>Receives audit lines for as long as anyone sends (it stays blocked at the end; Run() does not wait for it).</summary>
        [Tasklet]
        public static void Auditor(Channel<string> audit, System.Collections.Generic.List<string> log)
        {
            while (true)
                log.Add(audit.Receive());
        }

        /// <summary>
        /// The scenario both explorations run: three accounts of 100, three transfers in a cycle (0→1, 1→2, 2→0) and an
        /// auditor; after Run() the total must still be 300 and every transfer audited.
        /// </summary>
        public static void Scenario(bool useFix)
        {
            var bank = new Bank(100, 100, 100);
            var audit = new Channel<string>();
            var log = new System.Collections.Generic.List<string>();
            SpawnAuditor(audit, log);
            (int From, int To, int Amount)[] transfers = { (0, 1, 30), (1, 2, 50), (2, 0, 70) };
            foreach (var (from, to, amount) in transfers)
            {
                if (useFix)
                    SpawnFixed(bank, from, to, amount, audit);
                else
                    SpawnBuggy(bank, from, to, amount, audit);
            }
            Scheduler.Run();
            bank.CheckTotal();
            if (log.Count != transfers.Length)
                throw new InvalidOperationException($"{log.Count} transfers audited, not {transfers.Length}.");
        }
    }
}
