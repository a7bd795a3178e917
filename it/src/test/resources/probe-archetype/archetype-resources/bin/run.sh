#!/bin/sh
echo "$artifactId"
