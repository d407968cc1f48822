#!/usr/bin/env python3
"""The efficiency ceiling that the spread of hosts over silos puts on a crawl (docs/scale.md).

Every host's URLs live in one partition (a hash of the host mod 64); the partitions are dealt round the silos in turn
(PartitionPlacement) or hashed onto them (Orleans' HashBasedPlacement, used before). With equal work per host, the
busiest silo sets the pace, so the efficiency is at most the mean share of hosts over the largest. Hashes are drawn at
random: the Monte Carlo mean of that ratio over many draws.

    python3 bench/profile/placement_ceiling.py [--draws 4000] [--partitions 64]
"""
import argparse
import random


def ceiling(hosts, silos, partitions, dealt, draws, rng):
    total = 0.0
    for _ in range(draws):
        offset = rng.randrange(silos)
        silo_of = [(p + offset) % silos if dealt else rng.randrange(silos) for p in range(partitions)]
        load = [0] * silos
        for _ in range(hosts):
            load[silo_of[rng.randrange(partitions)]] += 1
        total += (hosts / silos) / max(load)
    return total / draws


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--draws", type=int, default=4000)
    parser.add_argument("--partitions", type=int, default=64)
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    print("| hosts | silos | partitions dealt round | partitions hashed |")
    print("|---:|---:|---:|---:|")
    for hosts in (200, 1000):
        for silos in (2, 3, 4):
            dealt = ceiling(hosts, silos, args.partitions, True, args.draws, rng)
            hashed = ceiling(hosts, silos, args.partitions, False, args.draws, rng)
            print(f"| {hosts:,} | {silos} | {dealt:.2f} | {hashed:.2f} |")


if __name__ == "__main__":
    main()
