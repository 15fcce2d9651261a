"""Layer lists in the vocabulary of styles/README.md (`conv` and `residual` statements).

The trainer, the exporter and the importer all describe a network as one list of these specs, so whatever the
trainer builds is exactly what model.txt says and the C# engine runs.
"""
from dataclasses import dataclass
from typing import List, Optional, Sequence, Union

ACTIVATIONS = ("relu", "sigmoid", "none")


@dataclass(frozen=True)
class Conv:
    name: str
    kernel: int
    stride: int
    cin: int
    cout: int
    act: str
    upsample: Optional[int] = None

    def kernels(self):
        """(name, kernel, cin, cout) of every convolution in this statement, in weights.bin order."""
        return [(self.name, self.kernel, self.cin, self.cout)]

    def line(self) -> str:
        up = f" upsample={self.upsample}" if self.upsample else ""
        return (f"conv {self.name}{up} kernel={self.kernel} stride={self.stride} "
                f"in={self.cin} out={self.cout} act={self.act}")


@dataclass(frozen=True)
class Residual:
    name: str
    kernel: int
    channels: int

    def kernels(self):
        c = self.channels
        return [(f"{self.name}/conv1", self.kernel, c, c), (f"{self.name}/conv2", self.kernel, c, c)]

    def line(self) -> str:
        return f"residual {self.name} kernel={self.kernel} channels={self.channels}"


Layer = Union[Conv, Residual]


def build(contract: Sequence[int] = (32, 64, 128), residual_blocks: int = 5,
          expand: Optional[Sequence[int]] = None) -> List[Layer]:
    """The Johnson/Dumoulin generator shape with free widths.

    contract: widths of the 9x9 stride-1 conv and the 3x3 stride-2 convs after it.
    expand: widths of the upsample+3x3 convs (default: the contract widths mirrored, as in the paper);
    a final 9x9 conv maps the last width to RGB with a sigmoid.
    """
    if expand is None:
        expand = tuple(reversed(contract[:-1]))
    layers: List[Layer] = []
    cin = 3
    for i, w in enumerate(contract):
        k, s = (9, 1) if i == 0 else (3, 2)
        layers.append(Conv(f"contract/conv{i + 1}", k, s, cin, w, "relu"))
        cin = w
    for i in range(residual_blocks):
        layers.append(Residual(f"residual/residual{i + 1}", 3, cin))
    for i, w in enumerate(expand):
        layers.append(Conv(f"expand/conv{i + 1}", 3, 1, cin, w, "relu", upsample=2))
        cin = w
    layers.append(Conv(f"expand/conv{len(expand) + 1}", 9, 1, cin, 3, "sigmoid"))
    validate(layers)
    return layers


def full() -> List[Layer]:
    """The paper's full-width network: 1,674,432 conv weights."""
    return build((32, 64, 128), 5)


def magenta() -> List[Layer]:
    """The smaller topology of Magenta's published 26-style model (about 140 k weights)."""
    return build((32, 32, 32), 6, expand=(8, 4))


def parse_line(statement: str) -> Layer:
    """One `conv` or `residual` statement of model.txt (comments already stripped)."""
    key, name, *kv = statement.split()
    p = dict(w.split("=", 1) for w in kv)
    if key == "conv":
        return Conv(name, int(p["kernel"]), int(p["stride"]), int(p["in"]), int(p["out"]), p["act"],
                    int(p["upsample"]) if "upsample" in p else None)
    if key == "residual":
        return Residual(name, int(p["kernel"]), int(p["channels"]))
    raise ValueError(f"not a layer statement: {statement!r}")


def kernels(layers: Sequence[Layer]):
    """Every convolution in weights.bin order."""
    return [k for layer in layers for k in layer.kernels()]


def weight_count(layers: Sequence[Layer]) -> int:
    return sum(k * k * ci * co for _, k, ci, co in kernels(layers))


def validate(layers: Sequence[Layer]) -> None:
    """The chaining rules of styles/README.md."""
    cin = 3
    for layer in layers:
        if isinstance(layer, Residual):
            if layer.channels != cin:
                raise ValueError(f"{layer.name}: channels {layer.channels} != previous out {cin}")
            if layer.kernel % 2 != 1:
                raise ValueError(f"{layer.name}: kernel must be odd")
            continue
        if layer.cin != cin:
            raise ValueError(f"{layer.name}: in={layer.cin} != previous out {cin}")
        if layer.kernel % 2 != 1 or layer.act not in ACTIVATIONS or layer.upsample not in (None, 2):
            raise ValueError(f"{layer.name}: unsupported kernel/act/upsample")
        cin = layer.cout
    last = layers[-1]
    if not isinstance(last, Conv) or last.cout != 3 or last.act != "sigmoid":
        raise ValueError("the last layer must be a conv to 3 channels with a sigmoid")
