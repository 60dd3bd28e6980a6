"""The pipeline that runs the stages: load, render, output stages, write."""
