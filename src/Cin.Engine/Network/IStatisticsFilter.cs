using Cin.Engine.Kernels;

namespace Cin.Engine.Network;

/// <summary>
/// Sees each conditional instance norm's channel statistics, in the order the norms run, before the norm uses them,
/// and may change them in place. Video uses it to share smoothed statistics across a clip's frames.
/// </summary>
public interface IStatisticsFilter
{
    /// <param name="norm">The norm's index in the network, 0 to <see cref="StyleNetwork.NormLayerCount"/> - 1.</param>
    void Filter(int norm, ChannelStatistics statistics);
}
