using System;
using System.Linq;

namespace Stackless.Samples.Transfers
{
    /// <summary>Accounts and their balances; money only moves between them, so the total never changes.</summary>
    public sealed class Bank
    {
        private readonly int[] balances;

        public Bank(params int[] balances)
        {
            this.balances = (int[])balances.Clone();
            Total = balances.Sum();
        }

        /// <summary>The money the bank started with.</summary>
        public int Total { get; }

        public int this[int account]
        {
            get => balances[account];
            set => balances[account] = value;
        }

        /// <summary>Throws unless the balances still add up to <see cref="Total"/>.</summary>
        public void CheckTotal()
        {
            int sum = balances.Sum();
            if (sum != Total)
                throw new InvalidOperationException(
                    $"The bank {(sum < Total ? "lost" : "made")} money: the balances ({string.Join(", ", balances)}) add up to {sum}, not {Total}.");
        }
    }
}
