"""What the training scripts share: the synthetic catalog and shopper photos, the network, the sample products."""
