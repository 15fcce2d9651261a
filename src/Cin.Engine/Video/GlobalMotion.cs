namespace Cin.Engine.Video;

/// <summary>
/// How the picture moved from one frame to the next, as one translation: <c>current(x) ≈ previous(x - (Dx, Dy))</c>,
/// in pixels (content moving right has Dx &gt; 0). <paramref name="Residual"/> is the mean absolute luminance difference
/// left after the shift, 0..1: small for a camera move, large at a scene cut.
/// </summary>
public readonly record struct GlobalMotion(float Dx, float Dy, float Residual);
