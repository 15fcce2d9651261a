// Compiled by the engine and, linked, by the source generator (generators/Cin.Generators), which records one of these
// per layer in its spec and prints it into the generated network; see ConvAlgorithmRules.cs.
#if CIN_GENERATORS
namespace Cin.Generators.Model;
#else
namespace Cin.Engine.Kernels;
#endif

/// <summary>How a layer's convolution is computed; <c>ConvAlgorithmRules</c> picks one per layer from its shape.</summary>
public enum ConvAlgorithm
{
    /// <summary>Any kernel and stride: a tap GEMM over the reflect-padded map.</summary>
    Direct,

    /// <summary>
    /// 3x3 or 9x9, stride 1: Winograd F(3x3, 3x3), 3.24x fewer multiplies; a 9x9 kernel as nine 3x3 blocks that share
    /// one grid of tiles.
    /// </summary>
    Winograd,

    /// <summary>Nearest x2 upsampling then 3x3: four 2x2 convolutions on the small map, 2.25x fewer multiplies.</summary>
    SubPixel,

    /// <summary>Stride 1 with at most four output channels: vectorized over pixels instead of channels.</summary>
    NarrowOutput,
}
