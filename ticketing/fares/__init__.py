"""fares"""
