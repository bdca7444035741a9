1:[["children",{"s":"__PAGE__","h":160}]]
0:{"b":"DGQQoNVplhvMo8xRlatuI","t":{"t":{"s":"","h":80,"c":"$Q1"}}}
