namespace Cin.Engine.Features;

/// <summary>A feature map a feature network hands out under its tap name (relu1, layer1, ...), for the losses to read.</summary>
public sealed record FeatureTap(string Name, FeatureMap Map);
