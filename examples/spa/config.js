// The API's base URL. `serve.py --api URL` answers this file with another one instead.
export const API_BASE = "http://localhost:8000/api/v1";
