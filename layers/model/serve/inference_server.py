"""The model server's command (the server itself is shoplens_model/server.py):

    MODEL_DIR=layers/model/builtin python3 layers/model/serve/inference_server.py [--port 8080]

In the project's Python environment (scripts/python-env.sh) the package shoplens_model is on the path;
elsewhere (a GPU machine, a container) set PYTHONPATH=layers/model or copy shoplens_model beside this file.
"""
from shoplens_model.server import main

if __name__ == "__main__":
    main()
