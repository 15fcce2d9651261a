using Cin.Engine.Imaging;
using Cin.Engine.Network;
using Cin.Engine.Finishing;

namespace Cin.Engine.Video;

/// <summary>
/// Stylizes a clip's frames in order, keeping what it needs from one frame to the next. With
/// <see cref="TemporalMode.Off"/> each frame is a photo. Otherwise each frame's global motion is estimated on the
/// network's input (<see cref="MotionEstimator"/>), summed since the last scene cut, and used to keep the content's
/// phase modulo the network's stride (<see cref="PhaseAlignment"/>); a frame that matches the previous one badly
/// whatever the shift is a scene cut, and starts afresh. <see cref="TemporalMode.Stable"/> then deals with what is
/// left: sensor noise, with a motion-compensated filter on the network's input (<see cref="TemporalDenoiser"/>), and
/// the per-frame normalization, with statistics shared across frames (<see cref="SharedStatistics"/>). Output frames
/// are never averaged: that would lower the flicker by smearing strokes and ghosting moving things.
/// </summary>
public sealed class TemporalStylizer
{
    /// <summary>
    /// A frame whose best match leaves a mean luminance difference above this is a cut, unless the clip's frames
    /// usually differ that much (see <see cref="CutFactor"/>).
    /// </summary>
    public const float CutResidual = 0.06f;

    /// <summary>A cut also needs a residual this many times the clip's typical one (noise, blur, moving things).</summary>
    public const float CutFactor = 3f;

    private readonly StyleNetwork _network;
    private readonly StyleParameters _style;
    private readonly FrameOptions _options;

    private readonly TemporalDenoiser _denoiser = new();
    private readonly SharedStatistics? _statistics;
    private LumaPlane? _previous;
    private double _travelledX, _travelledY;
    private float _typicalResidual;

    public TemporalStylizer(StyleNetwork network, StyleParameters style, FrameOptions options)
    {
        options.Validate();
        _network = network;
        _style = style;
        _options = options;
        if (options.Temporal == TemporalMode.Stable)
            _statistics = new SharedStatistics(network.NormLayerCount);
    }

    /// <summary>Frames stylized so far.</summary>
    public int Frames { get; private set; }

    /// <summary>Scene cuts found so far.</summary>
    public int Cuts { get; private set; }

    /// <summary>The last frame's motion against the one before (null for a first frame, or with the mode off).</summary>
    public GlobalMotion? LastMotion { get; private set; }

    /// <summary>Whether the last frame started a new scene (true for the first frame).</summary>
    public bool LastWasCut { get; private set; }

    /// <summary>The stylized frame, the size of <paramref name="frame"/>; call once per frame, in order.</summary>
    public FeatureMap Stylize(FeatureMap frame)
    {
        if (frame.Channels != 3) throw new ArgumentException("Expected a 3-channel RGB map.", nameof(frame));
        Frames++;
        var options = _options;
        if (options.Strength == 0) return Copy(frame);

        FeatureMap input = frame;
        if (options.WorkSize is { } side)
        {
            var (w, h) = Resampling.Fit(frame.Width, frame.Height, side);
            input = Resampling.Resize(frame, w, h, options.Threads);
        }

        FeatureMap stylized;
        if (options.Temporal == TemporalMode.Off)
        {
            stylized = Stylizer.Stylize(input, _network, _style, options.Threads);
        }
        else
        {
            Track(input, options.Threads);
            if (options.Temporal == TemporalMode.Stable)
                input = _denoiser.Apply(input, LastWasCut ? null : LastMotion, NoiseLevel, options.Threads);
            int stride = _network.Info.SizeMultiple;
            float fy = Fraction(_travelledY), fx = Fraction(_travelledX);
            // Stable mode aligns the fraction too: a cubic shift of the input before, and of the result after.
            bool subpixel = options.Temporal == TemporalMode.Stable && (fy != 0 || fx != 0);
            if (subpixel) input = SubpixelShift.Apply(input, -fy, -fx, options.Threads);
            stylized = PhaseAlignment.Stylize(input, PhaseAlignment.Offset(_travelledY, stride), PhaseAlignment.Offset(_travelledX, stride),
                _network, _style, options.Threads, _statistics);
            if (subpixel) stylized = SubpixelShift.Apply(stylized, fy, fx, options.Threads);
        }

        if (stylized.Width != frame.Width || stylized.Height != frame.Height)
            stylized = Resampling.Resize(stylized, frame.Width, frame.Height, options.Threads);
        StrengthMix.Apply(frame, stylized, options.Strength, options.KeepColors, options.Threads);
        return stylized;
    }

    /// <summary>Adds this frame's motion to the distance travelled, or starts afresh at a cut (and at the first frame).</summary>
    private void Track(FeatureMap input, int threads)
    {
        var luma = LumaPlane.FromRgb(input, threads);
        bool cut = true;
        LastMotion = null;
        if (_previous is { } previous && previous.Width == luma.Width && previous.Height == luma.Height)
        {
            var motion = MotionEstimator.Estimate(previous, luma);
            LastMotion = motion;
            cut = IsCut(motion.Residual);
            if (!cut)
            {
                _travelledX += Snap(motion.Dx);
                _travelledY += Snap(motion.Dy);
                _typicalResidual = _typicalResidual == 0 ? motion.Residual : 0.8f * _typicalResidual + 0.2f * motion.Residual;
            }
        }
        if (cut)
        {
            if (_previous != null) Cuts++;
            _travelledX = _travelledY = 0;
            _typicalResidual = 0;
            _denoiser.Reset();
            _statistics?.Reset();
        }
        LastWasCut = cut;
        _previous = luma;
    }

    /// <summary>
    /// The clip's noise, per channel, from the typical residual after motion: for independent Gaussian noise of
    /// sigma in each channel, the mean absolute difference of two frames' luminance is about 0.85 sigma. Anything
    /// else that changes between frames counts as noise too, so the estimate is high rather than low; the denoiser
    /// caps the tolerance it derives from it.
    /// </summary>
    private float NoiseLevel => _typicalResidual / 0.85f;

    /// <summary>
    /// A motion within a tenth of a pixel of a whole number is taken as that number: below that the fraction is the
    /// estimator's noise (a still camera with something moving in the picture reads as a few hundredths), and summed
    /// over frames it would drift into a shift of the whole picture.
    /// </summary>
    private static double Snap(float motion)
    {
        double whole = Math.Round(motion);
        return Math.Abs(motion - whole) < 0.1 ? whole : motion;
    }

    /// <summary>What whole-pixel alignment leaves of the travel, -0.5..0.5; 0 when it is too small to be worth a resampling.</summary>
    private static float Fraction(double travelled)
    {
        float fraction = (float)(travelled - Math.Round(travelled, MidpointRounding.AwayFromZero));
        return Math.Abs(fraction) < 0.1f ? 0 : fraction;
    }

    private bool IsCut(float residual) =>
        residual > CutResidual && (_typicalResidual == 0 || residual > CutFactor * _typicalResidual);

    private static FeatureMap Copy(FeatureMap map)
    {
        var copy = new FeatureMap(map.Height, map.Width, map.Channels);
        map.Span.CopyTo(copy.Span);
        return copy;
    }
}
