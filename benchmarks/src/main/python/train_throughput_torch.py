#!/usr/bin/python3
"""Training throughput of NAM's A1 WaveNets in PyTorch on CPU: the peer of TrainStepBenchmark.

One step is what NAM's trainer does per batch: forward over `batch` input segments of
`segment + receptive_field - 1` samples, the loss (pre-emphasised ESR, as convstream trains),
backward, Adam (lr 0.004). The network is written here from NAM's WaveNet (nam/models/wavenet):
per layer a dilated conv, a 1x1 input mixer from the condition (no bias), Tanh, a 1x1 back to
the channels plus the residual, the activation summed into the head; per layer array a 1x1
rechannel (no bias) and a 1x1 head rechannel; output = head_scale * head.

Prints one line per (arch, threads): samples per second (batch * segment / mean step time), and
samples per CPU-second (time.process_time, best and median step), the figure that survives a
loaded machine (TrainStepCpuTime is convstream's).
Run with Debian's python3-torch: /usr/bin/python3 train_throughput_torch.py [--steps N]
"""
import argparse
import time

import torch
import torch.nn as nn

A1 = {
    # name: (channels1, channels2, dilations1, dilations2)
    "standard": (16, 8, [1 << i for i in range(10)], [1 << i for i in range(10)]),
    "lite": (12, 6, [1 << i for i in range(7)], [128, 256, 512] + [1 << i for i in range(10)]),
    "feather": (8, 4, [1 << i for i in range(7)], [128, 256, 512] + [1 << i for i in range(10)]),
    "nano": (4, 2, [1 << i for i in range(7)], [128, 256, 512] + [1 << i for i in range(10)]),
}


class Layer(nn.Module):
    def __init__(self, channels, dilation):
        super().__init__()
        self.conv = nn.Conv1d(channels, channels, 3, dilation=dilation)
        self.input_mixer = nn.Conv1d(1, channels, 1, bias=False)
        self.one_by_one = nn.Conv1d(channels, channels, 1)

    def forward(self, x, c, out_length):
        z = self.conv(x)
        z = z + self.input_mixer(c)[..., -z.shape[2]:]
        post = torch.tanh(z)
        return x[..., -post.shape[2]:] + self.one_by_one(post), post[..., -out_length:]


class LayerArray(nn.Module):
    def __init__(self, input_size, channels, head_size, dilations, head_bias):
        super().__init__()
        self.rechannel = nn.Conv1d(input_size, channels, 1, bias=False)
        self.layers = nn.ModuleList([Layer(channels, d) for d in dilations])
        self.head_rechannel = nn.Conv1d(channels, head_size, 1, bias=head_bias)
        self.receptive_field = 1 + 2 * sum(dilations)

    def forward(self, x, c, head_input, out_length):
        x = self.rechannel(x)
        for layer in self.layers:
            x, head_term = layer(x, c, out_length)
            head_input = head_term if head_input is None else head_input[..., -out_length:] + head_term
        return self.head_rechannel(head_input), x


class WaveNetA1(nn.Module):
    def __init__(self, arch):
        super().__init__()
        c1, c2, d1, d2 = A1[arch]
        self.arrays = nn.ModuleList([LayerArray(1, c1, c2, d1, False), LayerArray(c1, c2, 1, d2, True)])
        self.head_scale = 0.02
        self.receptive_field = 1 + sum(a.receptive_field - 1 for a in self.arrays)

    def forward(self, x):
        out_length = x.shape[2] - self.receptive_field + 1
        y, head = x, None
        for array in self.arrays:
            head, y = array(y, x, head, out_length)
        return self.head_scale * head[:, 0, :]


def esr_pre_emphasis(pred, target, c=0.85):
    e = (pred[:, 1:] - c * pred[:, :-1]) - (target[:, 1:] - c * target[:, :-1])
    t = target[:, 1:] - c * target[:, :-1]
    return (e * e).sum() / (t * t).sum()


def measure(arch, threads, batch, segment, steps, warmup):
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    net = WaveNetA1(arch)
    opt = torch.optim.Adam(net.parameters(), lr=0.004)
    length = segment + net.receptive_field - 1
    x = torch.randn(batch, 1, length) * 0.3
    y = torch.tanh(2 * x[:, 0, net.receptive_field - 1:])
    times = []
    cpu = []
    for i in range(warmup + steps):
        t0 = time.perf_counter()
        c0 = time.process_time()
        opt.zero_grad()
        loss = esr_pre_emphasis(net(x), y)
        loss.backward()
        opt.step()
        c1 = time.process_time()
        t1 = time.perf_counter()
        if i >= warmup:
            times.append(t1 - t0)
            cpu.append(c1 - c0)
    mean = sum(times) / len(times)
    cpu.sort()
    return batch * segment / mean, mean, batch * segment / cpu[0], batch * segment / cpu[len(cpu) // 2]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--archs", default="nano,feather,standard")
    p.add_argument("--threads", default="1,2")
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--segment", type=int, default=8192)
    p.add_argument("--steps", type=int, default=5)
    p.add_argument("--warmup", type=int, default=2)
    a = p.parse_args()
    print(f"torch {torch.__version__}, batch {a.batch} x {a.segment}, {a.steps} steps after {a.warmup} warm-up")
    for arch in a.archs.split(","):
        for threads in [int(t) for t in a.threads.split(",")]:
            rate, mean, cpu_best, cpu_median = measure(arch, threads, a.batch, a.segment, a.steps, a.warmup)
            print(f"pytorch {arch:8s} threads {threads}: {rate:12.0f} samples/s ({mean * 1000:.0f} ms per step);"
                  f" best {cpu_best:.0f}, median {cpu_median:.0f} samples per CPU-second")


if __name__ == "__main__":
    main()
