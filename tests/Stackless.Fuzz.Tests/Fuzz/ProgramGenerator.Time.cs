using System.Collections.Generic;

namespace Stackless.Fuzz.Tests.Fuzz
{
    /// <summary>
    /// The wave-2 suspension points of the grammar (issue 11 item 8): <c>Scheduler.Sleep</c>, timed
    /// <c>TryReceive(out var v, t)</c> / <c>TrySend(x, t)</c> and <c>Select.Wait</c> (with <c>Value</c> and <c>Closed</c>
    /// read through <c>HT.Fired</c>). They appear as int and bool leaves (so in every expression position the grammar has:
    /// loop conditions, <c>&amp;&amp;</c> operands, arguments, conditions, switch subjects and guards) and as statements (so in
    /// every block: loops, try/catch/finally, switch sections). Channels: <c>cin</c> (a feeder: a receive always
    /// succeeds), <c>cout</c> (a sink: a send always succeeds), <c>HT.Tick</c> (a ticker in virtual time, if the program
    /// has one: a timeout races it), <c>HT.Quiet</c> (nobody: always times out), <c>HT.Shut</c> (closed).
    /// </summary>
    public sealed partial class ProgramGenerator
    {
        private bool _ticker;

        private void TimedPartners(List<string> partners)
        {
            partners.Add("HT.CloseShut();");
            _ticker = P(0.7);
            if (_ticker) partners.Add($"HT.Ticker(\"tk\", {1 + N(4)});");
        }

        /// <summary>A timeout: 0 (nothing is waited for), a few ms, or now and then infinite where something is sure to come.</summary>
        private string Ms(bool sureToCome) => sureToCome && P(0.1)
            ? "System.Threading.Timeout.InfiniteTimeSpan"
            : $"TimeSpan.FromMilliseconds({(P(0.2) ? 0 : 1 + N(6))})";

        /// <summary>A channel to receive from with a timeout: <c>cin</c> (always a sender), the ticker's, or the quiet one.</summary>
        private (string Channel, bool Sure) RecvChannel() => N(5) switch
        {
            0 or 1 => ("cin", true),
            2 or 3 when _ticker => ("HT.Tick", true),
            _ => ("HT.Quiet", false),
        };

        private Expr SelectExpr(Ctx c)
        {
            int shape = N(10);
            if (!_ticker && shape is 1 or 2 or 7 or 9) shape = 4;
            return new Expr(Ty.Int, $"HT.Fired(HT.Arm(cin, cout, {shape}, {N(6)}, {{0}}).Wait())", IntExpr(c, 0, true)) { Suspends = true };
        }

        private Expr TimedIntLeaf(Ctx c)
        {
            int id = Uid();
            switch (N(4))
            {
                case 0:
                case 1:
                    return SelectExpr(c);
                case 2:
                {
                    var (ch, sure) = RecvChannel();
                    return new Expr(Ty.Int, $"({ch}.TryReceive(out var tv{id}, {Ms(sure)}) ? tv{id} : -{1 + N(5)})") { Suspends = true };
                }
                default:
                {
                    bool quiet = P(0.3);
                    return new Expr(Ty.Int, $"({(quiet ? "HT.Quiet" : "cout")}.TrySend({{0}}, {Ms(!quiet)}) ? {N(10)} : -{1 + N(5)})", IntExpr(c, 0, true)) { Suspends = true };
                }
            }
        }

        private Expr TimedBoolLeaf(Ctx c)
        {
            int id = Uid();
            switch (N(4))
            {
                case 0:
                {
                    var (ch, sure) = RecvChannel();
                    return new Expr(Ty.Bool, $"{ch}.TryReceive(out var tv{id}, {Ms(sure)})") { Suspends = true };
                }
                case 1:
                {
                    var (ch, sure) = RecvChannel();
                    return new Expr(Ty.Bool, $"({ch}.TryReceive(out var tv{id}, {Ms(sure)}) && V(\"tv{id}\", tv{id}) > {N(6)})") { Suspends = true };
                }
                case 2:
                {
                    bool quiet = P(0.3);
                    return new Expr(Ty.Bool, $"{(quiet ? "HT.Quiet" : "cout")}.TrySend({{0}}, {Ms(!quiet)})", IntExpr(c, 0, true)) { Suspends = true };
                }
                default:
                {
                    // Closed(index) of the case that fired: true only when the closed HT.Shut fired (shape 8).
                    Expr arm = SelectExpr(c).Kids[0];
                    return new Expr(Ty.Bool, $"HT.Sel.Closed(HT.Arm(cin, cout, {(P(0.5) ? 8 : N(10))}, {N(6)}, {{0}}).Wait())", arm) { Suspends = true };
                }
            }
        }

        private Stmt TimedStatement(Ctx c)
        {
            int id = Uid();
            switch (N(5))
            {
                case 0:
                case 1:
                    return new Stmt("sleep", $"Scheduler.Sleep(TimeSpan.FromMilliseconds({(P(0.2) ? 0 : 1 + N(5))}));\nLog(\"slept{id} @\" + HT.NowMs);");
                case 2:
                {
                    var (ch, sure) = RecvChannel();
                    return new Stmt("tryreceive", $"if ({ch}.TryReceive(out var tv{id}, {Ms(sure)})) Log(\"tv{id} \" + tv{id}); else Log(\"timeout{id} @\" + HT.NowMs);");
                }
                case 3:
                {
                    bool quiet = P(0.3);
                    return new Stmt("trysend", $"Log(\"ts{id} \" + {(quiet ? "HT.Quiet" : "cout")}.TrySend({{e0}}, {Ms(!quiet)}) + \" @\" + HT.NowMs);", new() { IntExpr(c, 1, true) });
                }
                default:
                    return new Stmt("select", $"Log(\"sel{id} \" + {{e0}});", new() { SelectExpr(c) });
            }
        }
    }
}
